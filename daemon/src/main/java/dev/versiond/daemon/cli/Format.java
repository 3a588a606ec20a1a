package dev.versiond.daemon.cli;

/** Output formats of the commands that print data. */
enum Format { text, json }
