/**
 * The agent's configuration: one immutable {@link dev.versiond.daemon.config.AgentConfig}, loaded once from
 * defaults, the YAML file, {@code VERSIOND_*} environment variables and flags (in that order of precedence).
 */
package dev.versiond.daemon.config;
