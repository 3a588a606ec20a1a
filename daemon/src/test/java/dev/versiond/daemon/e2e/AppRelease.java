package dev.versiond.daemon.e2e;

import dev.versiond.daemon.testing.Fleet;
import java.util.ArrayList;
import java.util.List;

/**
 * The migration of one version of the test application "app", as YAML: the shape of a real
 * release, with everything it touches under {@code $VERSIOND_ROOT}.
 *
 * <ol>
 *   <li>{@code unpack} (run, guarded by {@code creates}) makes {@code /opt/app/releases/<v>};
 *   <li>{@code version-file} (file) writes {@code /opt/app/VERSION};
 *   <li>{@code switch} (link) points {@code /opt/app/current} at the release;
 *   <li>{@code migrate} (run, guarded by {@code unless}) marks the release migrated;
 *   <li>verify {@code healthy} (check) looks for the marker through the link.
 * </ol>
 *
 * Every command that really runs appends a line to {@code /spawned.log}, and every evaluation of
 * the {@code unless} guard appends to {@code /guards.log}, so a test can tell what was spawned.
 */
final class AppRelease {
    /** Steps of a release in order, the verify check last (positions 1..5). */
    static final List<String> STEPS = List.of("unpack", "version-file", "switch", "migrate", "healthy");

    private final String version;
    private int failAt;
    private int sleepMillis;
    private boolean logDowns;
    private boolean snapshotting;
    private boolean withSchema;
    private String schemaDatabase = DATABASE;

    private AppRelease(String version) {
        this.version = version;
    }

    /** The config file every version of app converges: {@code /etc/app/app.conf}. */
    static final String CONFIG = "/etc/app/app.conf";

    /**
     * Writes component "app" (with its config file and template) and the given releases into the
     * fleet, and a target "all" pinning app to {@code pinned}.
     */
    static void writeApp(Fleet fleet, String pinned, AppRelease... releases) {
        fleet.component("app", """
                config:
                  files:
                    - id: conf
                      file: { path: %s, template: templates/app.conf.mustache, mode: "0640" }
                """.formatted(CONFIG));
        fleet.template("app", "app.conf.mustache", "greeting={{config.greeting}}\nversion={{version}}\n");
        for (AppRelease r : releases) {
            fleet.migration("app", r.version, r.yaml());
        }
        pin(fleet, pinned);
    }

    /** Points target "all" at {@code version} of app. */
    static void pin(Fleet fleet, String version) {
        fleet.pin("all", java.util.Map.of("app", version), java.util.Map.of("app", java.util.Map.of("greeting", "hello")));
    }

    static AppRelease[] all(String... versions) {
        return java.util.Arrays.stream(versions).map(AppRelease::of).toArray(AppRelease[]::new);
    }

    static AppRelease of(String version) {
        return new AppRelease(version);
    }

    /** Replaces the step at {@code position} (1-based, see {@link #STEPS}) with one that fails. */
    AppRelease failingAt(int position) {
        this.failAt = position;
        return this;
    }

    /** Makes each run step sleep a little first, so a pass lasts long enough to be killed in the middle. */
    AppRelease sleeping(int millis) {
        this.sleepMillis = millis;
        return this;
    }

    /** Makes every down command append to {@code /spawned.log} too, so a test can count reversals. */
    AppRelease loggingDowns() {
        this.logDowns = true;
        return this;
    }

    /**
     * Puts a snapshot of {@code /var/lib/app/data} before the steps (not one of {@link #STEPS}), and
     * makes the migrate step rewrite {@code data/schema}: only the snapshot's restore brings it back.
     */
    AppRelease snapshotting() {
        this.snapshotting = true;
        return this;
    }

    /** The SQLite database the {@link #withSchema() schema} steps migrate. */
    static final String DATABASE = "/var/lib/app/db/app.db";

    /**
     * Puts a {@code schema} sql step on {@link #DATABASE} after {@code switch} (not one of {@link
     * #STEPS}): 1.0.0 creates table {@code items} with two rows; every later version adds a column
     * to {@code items} (filled in for the rows there) and a table of its own with one row, and its
     * down drops both, leaving the rows of earlier versions. See {@link #schemaOf}.
     */
    AppRelease withSchema() {
        this.withSchema = true;
        return this;
    }

    /**
     * The same {@link #withSchema() schema} steps on a database the agent knows by name (its
     * {@code --databases-file}), e.g. a PostgreSQL server: the SQL is the same on both.
     */
    AppRelease withSchemaOn(String database) {
        this.withSchema = true;
        this.schemaDatabase = database;
        return this;
    }

    /** The suffix of a version's column and table: 1.1.0 adds {@code items.c_1_1_0} and {@code t_1_1_0}. */
    static String schemaSuffix(String version) {
        return version.replace('.', '_');
    }

    private String schemaStep() {
        if (version.equals("1.0.0")) {
            return """
                  - id: schema
                    sql:
                      database: %s
                      up: |
                        CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
                        INSERT INTO items (id, name) VALUES (1, 'one'), (2, 'two');
                      down: DROP TABLE items
                """.formatted(schemaDatabase);
        }
        String s = schemaSuffix(version);
        return """
                  - id: schema
                    sql:
                      database: %s
                      up: |
                        ALTER TABLE items ADD COLUMN c_%s TEXT;
                        UPDATE items SET c_%s = '%s';
                        CREATE TABLE t_%s (id INTEGER PRIMARY KEY, note TEXT NOT NULL);
                        INSERT INTO t_%s (id, note) VALUES (1, 'from %s');
                      down: |
                        DROP TABLE t_%s;
                        ALTER TABLE items DROP COLUMN c_%s;
                """.formatted(schemaDatabase, s, s, version, s, s, version, s, s);
    }

    String yaml() {
        String v = version;
        String sleep = sleepMillis > 0 ? String.format("sleep %.3f; ", sleepMillis / 1000.0) : "";
        List<String> up = new ArrayList<>();
        if (snapshotting) {
            up.add("""
                  - id: backup
                    snapshot: { paths: [/var/lib/app/data] }
                """);
        }
        String schema = snapshotting ? "mkdir -p \"$VERSIOND_ROOT/var/lib/app/data\" && echo \"schema " + v
                + "\" > \"$VERSIOND_ROOT/var/lib/app/data/schema\" && " : "";
        up.add(step(1, """
                  - id: unpack
                    run:
                      argv: [sh, -c, '%secho "unpack %s" >> "$VERSIOND_ROOT/spawned.log" && mkdir -p "$VERSIOND_ROOT/opt/app/releases/%s"']
                      creates: /opt/app/releases/%s
                      down: [sh, -c, '%srm -rf "$VERSIOND_ROOT/opt/app/releases/%s"']
                """.formatted(sleep, v, v, v, downLog("unpack"), v)));
        up.add(step(2, """
                  - id: version-file
                    file: { path: /opt/app/VERSION, content: "%s\\n", mode: "0644" }
                """.formatted(v)));
        up.add(step(3, """
                  - id: switch
                    link: { path: /opt/app/current, target: /opt/app/releases/%s }
                """.formatted(v)));
        if (withSchema) {
            up.add(schemaStep());
        }
        up.add(step(4, """
                  - id: migrate
                    run:
                      argv: [sh, -c, '%secho "migrate %s" >> "$VERSIOND_ROOT/spawned.log" && %stouch "$VERSIOND_ROOT/opt/app/releases/%s/migrated"']
                      unless: [sh, -c, 'echo "guard %s" >> "$VERSIOND_ROOT/guards.log"; test -e "$VERSIOND_ROOT/opt/app/releases/%s/migrated"']
                      down: [sh, -c, '%srm -f "$VERSIOND_ROOT/opt/app/releases/%s/migrated"']
                """.formatted(sleep, v, schema, v, v, v, downLog("migrate"), v)));
        String verify = failAt == 5
                ? """
                  - id: healthy
                    check: { command: [sh, -c, 'echo "unhealthy %s" >&2; exit 1'], interval: 100ms, deadline: 300ms }
                """.formatted(v)
                : """
                  - id: healthy
                    check: { command: [sh, -c, 'test -e "$VERSIOND_ROOT/opt/app/current/migrated"'], interval: 100ms, deadline: 3s }
                """;
        return "kind: Migration\nversion: " + v + "\nup:\n" + String.join("", up) + "verify:\n" + verify;
    }

    private String downLog(String step) {
        return logDowns ? "echo \"down-" + step + " " + version + "\" >> \"$VERSIOND_ROOT/spawned.log\" && " : "";
    }

    private String step(int position, String yaml) {
        if (position != failAt) {
            return yaml;
        }
        String id = STEPS.get(position - 1);
        return """
                  - id: %s
                    run:
                      argv: [sh, -c, 'echo "%s of %s fails" >&2; exit 7']
                      down: ["true"]
                      idempotent: true
                """.formatted(id, id, version);
    }
}
