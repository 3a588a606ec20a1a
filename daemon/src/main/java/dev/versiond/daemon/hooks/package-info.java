/**
 * Push hooks: a Git server's push event, verified against a shared secret, asks for a poll now instead of
 * at the next interval. The event is only a nudge: the agent still fetches and verifies what it applies.
 */
package dev.versiond.daemon.hooks;
