/**
 * The edge to a Prometheus server: an instant PromQL query through its HTTP API
 * ({@code GET /api/v1/query}) judged against a threshold. Used by {@code check} steps with a
 * {@code prometheus} probe (execute) and by a rollout gate's {@code analysis} (reconcile), so a fleet
 * that already runs Prometheus can gate on its metrics as Argo Rollouts' and Flagger's analyses do.
 */
package dev.versiond.daemon.prometheus;
