/**
 * Rules of the desired-state language that look across files (dependencies, targets against
 * components, templates against config values) and the small checks shared with the loader.
 */
package dev.versiond.spec.validate;
