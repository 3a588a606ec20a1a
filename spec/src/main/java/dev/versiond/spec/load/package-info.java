/**
 * Loading a desired-state repository: strict YAML parsing with positions and hard limits, mapping
 * to the model with a diagnostic for every problem, and a per-file parse cache.
 */
package dev.versiond.spec.load;
