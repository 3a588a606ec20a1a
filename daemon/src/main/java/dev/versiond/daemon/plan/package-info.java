/**
 * The planner: desired specs × recorded host state × host identity × clock → a {@link dev.versiond.daemon.plan.Plan}.
 * Pure: no I/O, no clock of its own; what the host looks like is handed in as {@link dev.versiond.daemon.plan.Observed}.
 */
package dev.versiond.daemon.plan;
