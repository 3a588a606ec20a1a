/**
 * One reconcile pass (poll, load, plan, execute, record) and the {@link dev.versiond.daemon.reconcile.Agent}
 * that the edges (CLI, scheduler, HTTP API) drive. The one place where exceptions become outcomes.
 */
package dev.versiond.daemon.reconcile;
