/**
 * What is generated from the commands' own picocli definitions for a packaged install: man pages (roff) and
 * shell completion scripts for bash, zsh and fish. Nothing here is written by hand per command, so a new
 * option shows up in both without anyone remembering to.
 */
package dev.versiond.daemon.cli.docs;
