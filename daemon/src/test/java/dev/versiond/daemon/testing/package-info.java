/**
 * Fixtures shared by the daemon's tests: real Git repositories in temporary directories and a real
 * {@code git://} server on loopback, so no test copies its own.
 */
package dev.versiond.daemon.testing;
