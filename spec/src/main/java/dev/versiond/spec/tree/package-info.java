/** The files a desired state is read from: a directory, or (in the daemon) a Git commit's tree. */
package dev.versiond.spec.tree;
