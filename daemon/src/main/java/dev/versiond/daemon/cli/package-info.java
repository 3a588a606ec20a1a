/** The command line: picocli commands that parse options, call into the engine, and map errors to exit codes. */
package dev.versiond.daemon.cli;
