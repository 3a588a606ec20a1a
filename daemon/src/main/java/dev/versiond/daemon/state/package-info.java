/**
 * The state store: what this host has recorded (versions, applied step definitions, captured prior
 * states, the journal, the history of passes) in SQLite under the state directory. JDBC stays here.
 * {@link dev.versiond.daemon.state.SqliteStateStore} is the only public machinery: it owns the
 * transactions and delegates the SQL to one package-private class per table group.
 */
package dev.versiond.daemon.state;
