/**
 * Rollback points: {@code snapshot} steps capture host paths and databases into the state
 * directory before the steps after them run, and restore them exactly on a rollback or downgrade;
 * the store behind them keeps, lists and prunes the snapshots, and is the operator's emergency path.
 */
package dev.versiond.daemon.snapshot;
