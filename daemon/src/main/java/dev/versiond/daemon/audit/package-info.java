/**
 * The audit trail: the desired-state history (which commit changed which target's version or
 * config, who made and who signed it) joined with the hosts' status histories (who applied it,
 * when, how long it took, who rolled it back and why). An edge of its own: it reads both
 * repositories' histories, where {@code fleet} reads only the status refs' tips.
 */
package dev.versiond.daemon.audit;
