/**
 * The status page for people ({@code GET /}): the agent's status, plan and history rendered to HTML on the
 * server from Mustache templates shipped in the jar, with a small script that only refreshes live progress
 * and drives the operator buttons. No Javalin here: {@code api} serves what this package renders.
 */
package dev.versiond.daemon.web;
