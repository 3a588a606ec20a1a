/**
 * The versiond agent. Packages follow the flow of one pass: {@code source} (Git) → {@code plan}
 * (desired × recorded) → {@code execute} (steps, journal) → {@code state} (SQLite), driven by
 * {@code reconcile}; {@code schedule}, {@code api}, {@code metrics}, {@code config} and {@code cli}
 * sit at the edges.
 */
package dev.versiond.daemon;
