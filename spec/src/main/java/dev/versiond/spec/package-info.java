/**
 * The desired-state language of versiond: what a team commits to Git (components, migrations,
 * targets), how it is read from a tree with positions, and how it is validated. Pure: no I/O
 * beyond reading the files of the {@link dev.versiond.spec.tree.SpecTree} it is handed.
 */
package dev.versiond.spec;
