/**
 * The database edge: {@code sql} steps run over JDBC against SQLite files on the host and named
 * PostgreSQL/MariaDB databases, each step recorded in the database's own
 * {@code versiond_schema_history} table, under a lock that dies with the connection.
 */
package dev.versiond.daemon.sql;
