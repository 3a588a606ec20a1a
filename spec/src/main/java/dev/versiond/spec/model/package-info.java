/**
 * The desired-state model: immutable records for components, migrations, targets and the closed
 * set of step kinds. Values are validated in their constructors; positions point back into YAML.
 */
package dev.versiond.spec.model;
