/**
 * End-to-end tests of trust: secrets in config never leave the files they are rendered into, and
 * steps never touch host paths outside the root or the allowed roots. They run the shaded jar.
 */
package dev.versiond.daemon.e2e.trust;
