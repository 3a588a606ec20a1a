/**
 * Secrets in config: references to values held on the host ({@code secretFile}, {@code secretEnv})
 * resolved just before planning, and the {@link dev.versiond.daemon.secret.Redactor} that keeps
 * their values out of everything versiond writes or serves.
 */
package dev.versiond.daemon.secret;
