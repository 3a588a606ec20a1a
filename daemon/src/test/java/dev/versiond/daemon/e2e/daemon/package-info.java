/**
 * End-to-end tests of the long-running daemon: {@code versiond run} as a child process following a
 * desired-state repository over the real {@code git://} transport, observed through its HTTP API,
 * its files under {@code --root}, and its exit code.
 */
package dev.versiond.daemon.e2e.daemon;
