/** End-to-end tests of fleet rollouts: several hosts, one desired-state repository, one status repository. */
package dev.versiond.daemon.e2e.fleet;
