/** Templates for config files: strict Mustache, with the variables a template uses listed statically for validation. */
package dev.versiond.spec.template;
