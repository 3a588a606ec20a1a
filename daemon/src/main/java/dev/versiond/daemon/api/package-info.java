/**
 * The HTTP API of the running agent (Javalin, loopback by default): health, status, plan, history, metrics and
 * the status page for people ({@code web} renders it) to read; sync, suspend, resume and retry behind a bearer
 * token. Javalin stays in this package.
 */
package dev.versiond.daemon.api;
