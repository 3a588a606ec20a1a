/**
 * Notifications: what a pass did that an operator must hear about (a rollback, a failure, a degraded host,
 * an untrusted commit, a missing secret, and the recovery after one), derived from the engine's typed
 * outcomes and delivered to webhooks and Alertmanager without ever holding up a pass.
 */
package dev.versiond.daemon.notify;
