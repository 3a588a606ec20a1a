/** Diagnostics: problems in the desired state, each at a file, line and column. */
package dev.versiond.spec.diag;
