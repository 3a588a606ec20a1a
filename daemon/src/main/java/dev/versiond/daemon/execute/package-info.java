/**
 * Carrying out steps on the host: processes, atomic file writes, symlink swaps, systemctl,
 * checks; each able to capture what it will change, probe whether it already happened, and undo.
 */
package dev.versiond.daemon.execute;
