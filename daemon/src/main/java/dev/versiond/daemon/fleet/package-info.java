/**
 * The fleet, coordinated only through Git: each host's status as commits on refs of its own in a
 * status repository, the rollout refs a wave's gate counts with one ref listing, and the fleet
 * view and audit trail read back from them.
 */
package dev.versiond.daemon.fleet;
