/**
 * The state store: what this host has recorded (versions, applied step definitions, captured prior
 * states, the journal, the history of passes) in SQLite under the state directory. JDBC stays here.
 */
package dev.versiond.daemon.state;
