/**
 * The fleet, coordinated only through Git: each host's status as commits on refs of its own in a
 * status repository, the rollout refs a wave's gate counts with one ref listing, and the fleet
 * view read back from them (the audit trail, which joins their histories with the desired state's,
 * is package {@code audit}).
 */
package dev.versiond.daemon.fleet;
