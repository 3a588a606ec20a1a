/**
 * End-to-end tests of the reconcile engine through the real {@code versiond} jar: a desired-state
 * repository in Git, a state directory and a scratch {@code --root}, and nothing faked in between.
 */
package dev.versiond.daemon.e2e;
