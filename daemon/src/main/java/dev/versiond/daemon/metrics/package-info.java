/**
 * Prometheus metrics of the agent and its JVM: {@link dev.versiond.daemon.metrics.AgentMetrics} listens to the
 * engine through {@link dev.versiond.daemon.reconcile.PassListener}. Micrometer stays in this package.
 */
package dev.versiond.daemon.metrics;
