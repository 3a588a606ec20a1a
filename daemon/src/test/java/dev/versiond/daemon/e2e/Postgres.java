package dev.versiond.daemon.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A PostgreSQL schema of its own for one end-to-end host, on the test server: created empty, named to
 * the agent in a databases file as {@value #NAME}, dropped with everything in it afterwards. The
 * agent's sql steps and {@code versiond_schema_history} land in it through the URL's
 * {@code currentSchema}, so hosts of different tests never see each other's tables.
 */
final class Postgres {
    /** The name the agent knows the schema by ({@code database: pg} in a sql step). */
    static final String NAME = "pg";

    private Postgres() {
    }

    /** Creates the schema {@code name} on the server at {@code serverUrl}; returns a URL that works in it. */
    static String schema(String serverUrl, String name) {
        try (Connection c = DriverManager.getConnection(serverUrl); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
            s.execute("CREATE SCHEMA " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create schema " + name + " on " + serverUrl, e);
        }
        return serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    /** Drops the schema a {@link #schema} URL works in, with its tables. */
    static void drop(String schemaUrl) {
        String name = schemaUrl.substring(schemaUrl.lastIndexOf("currentSchema=") + "currentSchema=".length());
        try (Connection c = DriverManager.getConnection(schemaUrl); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop schema " + name, e);
        }
    }

    /** Writes the agent's databases file naming the schema {@value #NAME}. */
    static Path databasesFile(Path file, String schemaUrl) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, NAME + ":\n  url: \"" + schemaUrl + "\"\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
