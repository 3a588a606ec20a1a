package dev.versiond.spec.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.versiond.spec.MapTree;
import dev.versiond.spec.diag.Diagnostic;
import dev.versiond.spec.diag.Severity;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each rule that concerns one file fires at the offending key or value, naming it and what was expected. */
class FileRulesTest {
    private static final String MIGRATION = "components/db/migrations/1.0.0.yaml";
    private static final String COMPONENT = "components/cms/component.yaml";
    private static final String TARGET = "targets/prod.yaml";

    /** A db migration whose single up step is {@code step} (indented as a list item body). */
    private static String migrationWith(String step) {
        return "kind: Migration\nversion: 1.0.0\nup:\n" + step;
    }

    private static final String OK_STEP = "  - id: start\n    service: { unit: db.service, action: start }\n";

    static Stream<Arguments> errors() {
        return Stream.of(
                // kind and layout
                arguments("missing kind", MIGRATION, "version: 1.0.0\nup: []\n", "1:1",
                        "missing required key 'kind' (expected 'kind: Migration'"),
                arguments("kind of another place", MIGRATION, "kind: Target\nname: x\n", "1:7",
                        "kind 'Target' does not belong in " + MIGRATION + ": expected Migration"),
                arguments("misspelt kind", COMPONENT, "kind: Componnet\nname: cms\n", "1:7",
                        "unknown kind 'Componnet' (did you mean 'Component'?)"),
                arguments("not a mapping", TARGET, "- a\n- b\n", "1:1", "must be a YAML mapping"),
                // sql steps
                arguments("two statements on mariadb", MIGRATION, migrationWith("  - id: s\n    sql:\n"
                        + "      database: cms\n      engine: mariadb\n      up: \"CREATE TABLE a (x INT); DROP TABLE b\"\n"),
                        "8:11", "on mariadb DDL commits implicitly, so a step must be a single statement"),
                arguments("sql with up and file", MIGRATION, migrationWith("  - id: s\n    sql:\n"
                        + "      database: /var/lib/app.db\n      up: \"SELECT 1\"\n      file: x.sql\n"),
                        "8:7", "has both 'up' and 'file'"),
                arguments("sql database neither path nor name", MIGRATION, migrationWith("  - id: s\n    sql:\n"
                        + "      database: Cms DB\n      up: \"SELECT 1\"\n"), "6:17",
                        "expected an absolute host path (a SQLite file) or the name of a database"),
                arguments("sql engine contradicting a host path", MIGRATION, migrationWith("  - id: s\n    sql:\n"
                        + "      database: /var/lib/app.db\n      engine: postgresql\n      up: \"SELECT 1\"\n"),
                        "7:15", "a database given as a host path is a SQLite file"),
                // unknown, missing and mistyped keys
                arguments("unknown top-level key", MIGRATION, migrationWith(OK_STEP) + "verfiy: []\n", "6:1",
                        "unknown key 'verfiy' in Migration (did you mean 'verify'?)"),
                arguments("unknown step key", MIGRATION, migrationWith(OK_STEP + "    timout: 5s\n"), "6:5",
                        "unknown key 'timout' in step 'start' (did you mean 'timeout'?)"),
                arguments("unknown key inside run", MIGRATION, migrationWith(
                        "  - id: a\n    run: { argv: [x], creates: /x, dwon: [y] }\n"), "5:36",
                        "unknown key 'dwon' in 'run' of step 'a' (did you mean 'down'?)"),
                arguments("missing version", MIGRATION, "kind: Migration\nup:\n" + OK_STEP, "1:1",
                        "missing required key 'version' in Migration"),
                arguments("missing up", MIGRATION, "kind: Migration\nversion: 1.0.0\n", "1:1",
                        "missing required key 'up' in Migration"),
                arguments("empty up", MIGRATION, "kind: Migration\nversion: 1.0.0\nup: []\n", "3:5",
                        "'up' must have at least one step"),
                arguments("up not a list", MIGRATION, "kind: Migration\nversion: 1.0.0\nup: start\n", "3:5",
                        "'up' must be a list of steps"),
                arguments("retries of the wrong type", MIGRATION, migrationWith(OK_STEP + "    retries: many\n"),
                        "6:14", "'retries' in step 'start' must be an integer, not the string 'many'"),
                arguments("negative retries", MIGRATION, migrationWith(OK_STEP + "    retries: -1\n"), "6:14",
                        "must be an integer from 0 to 100, not -1"),
                arguments("irreversible not a boolean", MIGRATION, migrationWith(OK_STEP
                        + "    irreversible: \"true\"\n"), "6:19", "'irreversible' in step 'start' must be true or false"),
                arguments("missing step id", MIGRATION, migrationWith(
                        "  - service: { unit: db.service, action: start }\n"), "4:5", "missing required key 'id'"),
                arguments("bad step id", MIGRATION, migrationWith(
                        "  - id: Start\n    service: { unit: db.service, action: start }\n"), "4:9",
                        "step id 'Start' is not valid"),
                // names and versions
                arguments("component name differs from folder", COMPONENT, "kind: Component\nname: cms2\n", "2:7",
                        "component name 'cms2' must equal its folder name 'cms'"),
                arguments("target name differs from file", TARGET,
                        "kind: Target\nname: production\ncomponents:\n  db: { version: 1.0.0 }\n", "2:7",
                        "target name 'production' must equal the file name 'prod'"),
                arguments("migration component differs from folder", MIGRATION,
                        "kind: Migration\ncomponent: cms\nversion: 1.0.0\nup:\n" + OK_STEP, "2:12",
                        "component 'cms' does not match the folder 'db'"),
                arguments("version differs from file name", MIGRATION, "kind: Migration\nversion: 1.0.1\nup:\n"
                        + OK_STEP, "2:10", "version '1.0.1' does not match the file name '1.0.0.yaml'"),
                arguments("version not SemVer", MIGRATION, "kind: Migration\nversion: \"1.0\"\nup:\n" + OK_STEP,
                        "2:10", "version '1.0' is not a Semantic Versioning 2.0.0 version"),
                // step kinds
                arguments("step without kind", MIGRATION, migrationWith("  - id: a\n    description: nothing\n"),
                        "4:5", "step 'a' has no kind: expected exactly one of run, file, link, service, check"),
                arguments("step with two kinds", MIGRATION, migrationWith(
                        "  - id: a\n    service: { unit: a.service, action: start }\n    link: { path: /a, target: /b }\n"),
                        "6:5", "step 'a' has more than one kind (service, link)"),
                arguments("run step in verify", MIGRATION, migrationWith(OK_STEP)
                        + "verify:\n  - id: v\n    run: { argv: [true], idempotent: true }\n", "8:5",
                        "'verify' may only contain check steps, but step 'v' is a run step"),
                arguments("service step in preflight", MIGRATION, migrationWith(OK_STEP)
                        + "preflight:\n  - id: p\n    service: { unit: a.service, action: start }\n", "8:5",
                        "'preflight' may only contain check steps"),
                arguments("run step in config.files", COMPONENT, "kind: Component\nname: cms\nconfig:\n  files:\n"
                        + "    - id: a\n      run: { argv: [x], idempotent: true }\n", "6:7",
                        "'config.files' may only contain file steps"),
                // ids
                arguments("duplicate id across sections", MIGRATION, migrationWith(OK_STEP)
                        + "verify:\n  - id: start\n    check: { tcp: \"127.0.0.1:5432\" }\n", "7:9",
                        "duplicate step id 'start' (first declared at line 4)"),
                arguments("duplicate id in config", COMPONENT, "kind: Component\nname: cms\nconfig:\n  files:\n"
                        + "    - id: a\n      file: { path: /etc/a, content: x }\n  onChange:\n"
                        + "    - id: a\n      service: { unit: cms.service, action: reload }\n", "8:11",
                        "duplicate step id 'a'"),
                // inverses and commands
                arguments("run step without inverse", MIGRATION, migrationWith(
                        "  - id: a\n    run: { argv: [make, install], idempotent: true }\n"), "4:5",
                        "step 'a' has no inverse: give the run step a 'down:' command, mark it 'irreversible: true', "
                                + "or give the migration a 'down:' section"),
                arguments("command without shell", MIGRATION, migrationWith(
                        "  - id: a\n    run: { command: \"make install\", down: [x], idempotent: true }\n"), "5:12",
                        "'command' in 'run' of step 'a' requires 'shell: true'"),
                arguments("shell with argv", MIGRATION, migrationWith(
                        "  - id: a\n    run: { argv: [x], shell: true, down: [y], idempotent: true }\n"), "5:23",
                        "has 'shell: true' with 'argv'"),
                arguments("shell not a boolean", MIGRATION, migrationWith(
                        "  - id: a\n    run: { command: x, shell: sometimes, down: [y], idempotent: true }\n"), "5:31",
                        "'shell' in 'run' of step 'a' must be true or false, not the string 'sometimes'"),
                arguments("argv and command", MIGRATION, migrationWith(
                        "  - id: a\n    run: { argv: [x], command: y, shell: true, down: [y], idempotent: true }\n"),
                        "5:23", "has both 'argv' and 'command'"),
                arguments("run without a command", MIGRATION, migrationWith(
                        "  - id: a\n    run: { creates: /x, down: [y] }\n"), "5:10",
                        "'run' of step 'a' has no command: expected 'argv' (a list) or 'command'"),
                arguments("empty argv", MIGRATION, migrationWith("  - id: a\n    run: { argv: [], down: [y] }\n"),
                        "5:18", "'argv' in 'run' of step 'a' must not be empty"),
                arguments("down of the wrong type", MIGRATION, migrationWith(
                        "  - id: a\n    run: { argv: [x], down: 5, idempotent: true }\n"), "5:29",
                        "'down' of step 'a' must be an argv list"),
                // host paths
                arguments("relative creates", MIGRATION, migrationWith(
                        "  - id: a\n    run: { argv: [x], creates: opt/x, down: [y] }\n"), "5:32",
                        "host path 'opt/x' must be absolute"),
                arguments("cwd with dot-dot", MIGRATION, migrationWith(
                        "  - id: a\n    run: { argv: [x], cwd: /opt/../etc, down: [y], idempotent: true }\n"), "5:28",
                        "host path '/opt/../etc' must be normalised (no '..' segments)"),
                arguments("file path with double slash", MIGRATION, migrationWith(
                        "  - id: a\n    file: { path: //etc/a, content: x }\n"), "5:19",
                        "host path '//etc/a' must be normalised (no '//')"),
                arguments("link path with trailing slash", MIGRATION, migrationWith(
                        "  - id: a\n    link: { path: /opt/current/, target: /opt/r }\n"), "5:19",
                        "no trailing '/'"),
                // file steps
                arguments("mode unquoted", MIGRATION, migrationWith(
                        "  - id: a\n    file: { path: /etc/a, content: x, mode: 0644 }\n"), "5:45",
                        "'mode' in 'file' of step 'a' must be a string of octal digits in quotes, e.g. \"0644\""),
                arguments("mode not octal", MIGRATION, migrationWith(
                        "  - id: a\n    file: { path: /etc/a, content: x, mode: \"0698\" }\n"), "5:45",
                        "is '0698', not an octal file mode"),
                arguments("content and template", MIGRATION, migrationWith(
                        "  - id: a\n    file: { path: /etc/a, content: x, template: templates/a }\n"), "5:39",
                        "has both 'content' and 'template'"),
                arguments("neither content nor template", MIGRATION, migrationWith(
                        "  - id: a\n    file: { path: /etc/a }\n"), "5:11", "needs 'content' (a string) or 'template'"),
                arguments("template escaping the component", MIGRATION, migrationWith(
                        "  - id: a\n    file: { path: /etc/a, template: ../cms/templates/app.conf.mustache }\n"),
                        "5:37", "template path '../cms/templates/app.conf.mustache' must be relative to components/db/"),
                arguments("absolute template", MIGRATION, migrationWith(
                        "  - id: a\n    file: { path: /etc/a, template: /etc/passwd }\n"), "5:37",
                        "template path '/etc/passwd' must be relative"),
                arguments("missing template", MIGRATION, migrationWith(
                        "  - id: a\n    file: { path: /etc/a, template: templates/none.mustache }\n"), "5:37",
                        "template 'components/db/templates/none.mustache' not found"),
                // service steps
                arguments("unknown action", MIGRATION, migrationWith(
                        "  - id: a\n    service: { unit: db.service, action: restrat }\n"), "5:42",
                        "'action' in 'service' of step 'a' is 'restrat' (did you mean 'restart'?): expected one of "
                                + "start, stop, restart, reload, enable, disable"),
                arguments("missing unit", MIGRATION, migrationWith("  - id: a\n    service: { action: start }\n"),
                        "5:14", "missing required key 'unit' in 'service' of step 'a'"),
                // checks
                arguments("check with two probes", MIGRATION, migrationWith(OK_STEP)
                        + "verify:\n  - id: v\n    check: { http: \"http://a/\", tcp: \"a:1\" }\n", "8:33",
                        "needs exactly one of 'http' (a URL), 'tcp' (\"host:port\"), 'command' (an argv list) or 'prometheus'"),
                arguments("check with no probe", MIGRATION, migrationWith(OK_STEP)
                        + "verify:\n  - id: v\n    check: { deadline: 5s }\n", "8:12", "needs exactly one of"),
                arguments("http check with a file URL", MIGRATION, migrationWith(OK_STEP)
                        + "verify:\n  - id: v\n    check: { http: \"file:///etc/passwd\" }\n", "8:20",
                        "expected an http:// or https:// URL with a host"),
                arguments("http check without host", MIGRATION, migrationWith(OK_STEP)
                        + "verify:\n  - id: v\n    check: { http: \"http:/healthz\" }\n", "8:20",
                        "expected an http:// or https:// URL with a host"),
                arguments("tcp port out of range", MIGRATION, migrationWith(OK_STEP)
                        + "verify:\n  - id: v\n    check: { tcp: \"127.0.0.1:70000\" }\n", "8:19",
                        "'tcp' in 'check' of step 'v' is '127.0.0.1:70000': expected \"host:port\" with a port from 1 to 65535"),
                arguments("tcp without port", MIGRATION, migrationWith(OK_STEP)
                        + "verify:\n  - id: v\n    check: { tcp: localhost }\n", "8:19", "expected \"host:port\""),
                arguments("status on a tcp check", MIGRATION, migrationWith(OK_STEP)
                        + "verify:\n  - id: v\n    check: { tcp: \"a:1\", status: 200 }\n", "8:26",
                        "'status' in 'check' of step 'v' applies only to 'http' checks"),
                arguments("status out of range", MIGRATION, migrationWith(OK_STEP)
                        + "verify:\n  - id: v\n    check: { http: \"http://a/\", status: 999 }\n", "8:41",
                        "must be an integer from 100 to 599, not 999"),
                // durations
                arguments("duration without unit", MIGRATION, migrationWith(OK_STEP + "    timeout: 30\n"), "6:14",
                        "'timeout' in step 'start' is '30', not a duration: expected an integer and a unit"),
                arguments("duration with a space", MIGRATION, migrationWith(OK_STEP)
                        + "verify:\n  - id: v\n    check: { tcp: \"a:1\", deadline: 30 s }\n", "8:36",
                        "'deadline' in 'check' of step 'v' is '30 s', not a duration"),
                arguments("zero interval", MIGRATION, migrationWith(OK_STEP)
                        + "verify:\n  - id: v\n    check: { tcp: \"a:1\", interval: 0s }\n", "8:36",
                        "'interval' in 'check' of step 'v' must be longer than 0"),
                // components
                arguments("bad constraint", COMPONENT, "kind: Component\nname: cms\ndependsOn:\n  db: \">=banana\"\n",
                        "4:7", "constraint '>=banana' of dependency 'db' is not a version constraint"),
                arguments("dependsOn as a list", COMPONENT, "kind: Component\nname: cms\ndependsOn: [db]\n", "3:12",
                        "'dependsOn' must be a mapping of component name to version constraint"),
                // targets
                arguments("target without components", TARGET, "kind: Target\nname: prod\n", "1:1",
                        "missing required key 'components' in Target"),
                arguments("target with no components", TARGET, "kind: Target\nname: prod\ncomponents: {}\n", "3:13",
                        "'components' must name at least one component"),
                arguments("target component without version", TARGET,
                        "kind: Target\nname: prod\ncomponents:\n  db: { config: { a: 1 } }\n", "4:7",
                        "missing required key 'version' in component 'db' of the Target"),
                arguments("null config value", TARGET,
                        "kind: Target\nname: prod\ncomponents:\n  db:\n    version: 1.0.0\n    config: { a: }\n", "6:17",
                        "config value 'config.a' is empty"),
                arguments("waves not increasing", TARGET, "kind: Target\nname: prod\ncomponents:\n"
                        + "  db: { version: 1.0.0 }\nrollout: { waves: [50, 10, 100] }\n", "5:24",
                        "waves must be strictly increasing: 10 follows 50"),
                arguments("waves not ending at 100", TARGET, "kind: Target\nname: prod\ncomponents:\n"
                        + "  db: { version: 1.0.0 }\nrollout: { waves: [10, 50] }\n", "5:24", "the last wave must be 100"),
                arguments("minHealthy not a percentage", TARGET, "kind: Target\nname: prod\ncomponents:\n"
                        + "  db: { version: 1.0.0 }\nrollout: { waves: [10, 100], minHealthy: lots }\n", "5:42",
                        "'minHealthy' must be a percentage from 0% to 100% (e.g. 90%), not"),
                arguments("minHealthy over 100%", TARGET, "kind: Target\nname: prod\ncomponents:\n"
                        + "  db: { version: 1.0.0 }\nrollout: { waves: [10, 100], minHealthy: 120% }\n", "5:42",
                        "'minHealthy' must be a percentage from 0% to 100%"),
                arguments("prometheus check without a threshold", MIGRATION, migrationWith(OK_STEP)
                        + "verify:\n  - id: v\n    check: { prometheus: \"http://127.0.0.1:9090\", query: up }\n", "8:12",
                        "needs exactly one threshold: 'below', 'above', 'atMost' or 'atLeast'"),
                arguments("prometheus check with two thresholds", MIGRATION, migrationWith(OK_STEP)
                        + "verify:\n  - id: v\n    check: { prometheus: \"http://p:9090\", query: up, below: 1, above: 0 }\n",
                        "8:64", "found below and above"),
                arguments("prometheus check with a bad server", MIGRATION, migrationWith(OK_STEP)
                        + "verify:\n  - id: v\n    check: { prometheus: \"p:9090\", query: up, below: 1 }\n", "8:26",
                        "'prometheus' in 'check' of step 'v' is 'p:9090': expected an http:// or https:// URL"),
                arguments("prometheus threshold not a number", MIGRATION, migrationWith(OK_STEP)
                        + "verify:\n  - id: v\n    check: { prometheus: \"http://p:9090\", query: up, below: low }\n",
                        "8:61", "'below' in 'check' of step 'v' must be a finite number (e.g. 0.01), not"),
                arguments("query on an http check", MIGRATION, migrationWith(OK_STEP)
                        + "verify:\n  - id: v\n    check: { http: \"http://a:1/\", query: up }\n", "8:35",
                        "'query' in 'check' of step 'v' applies only to 'prometheus' checks"),
                arguments("rollout analysis not a list", TARGET, "kind: Target\nname: prod\ncomponents:\n"
                        + "  db: { version: 1.0.0 }\nrollout: { waves: [10, 100], analysis: up }\n", "5:40",
                        "'analysis' in 'rollout' must be a non-empty list of {prometheus, query"),
                arguments("rollout analysis query without a query", TARGET, "kind: Target\nname: prod\ncomponents:\n"
                        + "  db: { version: 1.0.0 }\nrollout:\n  waves: [10, 100]\n  analysis:\n"
                        + "    - { prometheus: \"http://p:9090\", below: 1 }\n", "8:7",
                        "missing required key 'query'"),
                arguments("errorBudget neither count nor share", TARGET, "kind: Target\nname: prod\ncomponents:\n"
                        + "  db: { version: 1.0.0 }\nrollout: { waves: [10, 100], errorBudget: -1 }\n", "5:43",
                        "'errorBudget' must be a percentage of the reporting hosts (e.g. 5%) or a count of hosts"),
                arguments("minReporters negative", TARGET, "kind: Target\nname: prod\ncomponents:\n"
                        + "  db: { version: 1.0.0 }\nrollout: { waves: [10, 100], minReporters: -2 }\n", "5:44",
                        "'minReporters' in 'rollout' must be an integer from 0"),
                arguments("wave out of range", TARGET, "kind: Target\nname: prod\ncomponents:\n"
                        + "  db: { version: 1.0.0 }\nrollout: { waves: [0, 100] }\n", "5:20",
                        "a wave must be an integer from 1 to 100, not 0"),
                arguments("bad cron", TARGET, "kind: Target\nname: prod\ncomponents:\n  db: { version: 1.0.0 }\n"
                        + "windows:\n  - { cron: \"0 2 * * *\", duration: 1h }\n", "6:13",
                        "'0 2 * * *' is not a Quartz cron expression"),
                arguments("bad time zone", TARGET, "kind: Target\nname: prod\ncomponents:\n  db: { version: 1.0.0 }\n"
                        + "windows:\n  - { cron: \"0 0 2 * * ?\", duration: 1h, timezone: Mars/Olympus }\n", "6:52",
                        "timezone 'Mars/Olympus' is not a time zone id"),
                arguments("window without duration", TARGET, "kind: Target\nname: prod\ncomponents:\n"
                        + "  db: { version: 1.0.0 }\nwindows:\n  - { cron: \"0 0 2 * * ?\" }\n", "6:5",
                        "missing required key 'duration' in a window"),
                arguments("bad host glob", TARGET, "kind: Target\nname: prod\nselector: { hosts: [\"web-[\"] }\n"
                        + "components:\n  db: { version: 1.0.0 }\n", "3:21", "host glob 'web-[' is not valid"),
                arguments("labels not strings", TARGET, "kind: Target\nname: prod\nselector: { labels: { env: [a] } }\n"
                        + "components:\n  db: { version: 1.0.0 }\n", "3:28", "value of 'env' in 'labels'"),
                arguments("duplicate key", TARGET, "kind: Target\nname: prod\nname: prod\ncomponents:\n"
                        + "  db: { version: 1.0.0 }\n", "3:1", "duplicate key 'name' in Target (first at line 2)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void ruleIsReportedAtTheOffendingNode(String rule, String path, String yaml, String lineColumn, String fragment) {
        LoadResult result = new SpecLoader().load(MapTree.sample().with(path, yaml));

        List<Diagnostic> errors = result.diagnostics().stream().filter(Diagnostic::isError).toList();
        assertThat(errors).as(rule).anySatisfy(d -> {
            assertThat(d.position().file()).isEqualTo(path);
            assertThat(d.position().line() + ":" + d.position().column()).isEqualTo(lineColumn);
            assertThat(d.message()).contains(fragment);
        });
        assertThat(result.state()).isEmpty();
    }

    static Stream<Arguments> warnings() {
        return Stream.of(
                arguments("unguarded up step", migrationWith("  - id: a\n    run: { argv: [x], down: [y] }\n"), "4:5"),
                arguments("unguarded down step", migrationWith(OK_STEP) + "down:\n  - id: b\n    run: { argv: [x] }\n",
                        "7:5"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("warnings")
    void runStepsWithoutGuardOrIdempotenceAreWarnedAbout(String rule, String yaml, String lineColumn) {
        LoadResult result = new SpecLoader().load(MapTree.sample().with(MIGRATION, yaml));

        assertThat(result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.severity()).isEqualTo(Severity.WARNING);
            assertThat(d.position().line() + ":" + d.position().column()).isEqualTo(lineColumn);
            assertThat(d.message()).contains("runs a command with no guard").contains("idempotent: true");
        });
        assertThat(result.state()).isPresent();
    }

    @org.junit.jupiter.api.Test
    void aSqlStepReadsItsStatementsFromAFileOfTheComponentAndTheTextIsPartOfItsChecksum() {
        String yaml = migrationWith("  - id: schema\n    sql:\n      database: /var/lib/db/db.sqlite\n"
                + "      file: sql/1.0.0.sql\n      down: DROP TABLE items\n");
        LoadResult one = new SpecLoader().load(MapTree.sample().with(MIGRATION, yaml)
                .with("components/db/sql/1.0.0.sql", "CREATE TABLE items (id INTEGER);\n"));
        LoadResult edited = new SpecLoader().load(MapTree.sample().with(MIGRATION, yaml)
                .with("components/db/sql/1.0.0.sql", "CREATE TABLE items (id INTEGER, name TEXT);\n"));

        dev.versiond.spec.model.SqlStep step = (dev.versiond.spec.model.SqlStep) one.orThrow().component("db")
                .orElseThrow().migration(dev.versiond.spec.model.Version.parse("1.0.0")).orElseThrow().up().get(0);
        assertThat(step.sql()).isEqualTo("CREATE TABLE items (id INTEGER);\n");
        assertThat(step.engine()).contains(dev.versiond.spec.model.SqlEngine.SQLITE);
        dev.versiond.spec.model.Step other = edited.orThrow().component("db").orElseThrow()
                .migration(dev.versiond.spec.model.Version.parse("1.0.0")).orElseThrow().up().get(0);
        assertThat(dev.versiond.spec.model.Checksums.of(other)).isNotEqualTo(dev.versiond.spec.model.Checksums.of(step));
        assertThat(dev.versiond.spec.model.StepCodec.decode(dev.versiond.spec.model.Checksums.canonicalJson(step), "t"))
                .as("a recorded step decodes with its SQL").isEqualTo(new dev.versiond.spec.model.SqlStep(
                        new dev.versiond.spec.model.StepCommon("schema", java.util.Optional.empty(), java.util.Optional.empty(),
                                0, false, dev.versiond.spec.model.Position.startOf("t")), step.database(), step.engine(),
                        step.sql(), java.util.Optional.empty(), step.down(), step.probe()));
    }

    @org.junit.jupiter.api.Test
    void anUnreadableShellIsReportedOnceNotAlsoAsCommandWithoutShell() {
        LoadResult result = new SpecLoader().load(MapTree.sample().with(MIGRATION, migrationWith(
                "  - id: a\n    run: { command: x, shell: sometimes, down: [y], idempotent: true }\n")));

        assertThat(result.diagnostics()).singleElement().satisfies(d -> assertThat(d.message()).contains("'shell'"));
    }

    @org.junit.jupiter.api.Test
    void anUnguardedOnChangeStepIsWarnedAbout() {
        LoadResult result = new SpecLoader().load(MapTree.sample().with(COMPONENT, "kind: Component\nname: cms\n"
                + "config:\n  onChange:\n    - id: r\n      run: { argv: [systemctl, reload, cms] }\n"));

        assertThat(result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.severity()).isEqualTo(Severity.WARNING);
            assertThat(d.position().toString()).isEqualTo(COMPONENT + ":5:7");
        });
    }

    @org.junit.jupiter.api.Test
    void aMigrationWithADownSectionNeedsNoPerStepInverse() {
        LoadResult result = new SpecLoader().load(MapTree.sample().with(MIGRATION, migrationWith(
                "  - id: a\n    run: { argv: [make, install], idempotent: true }\n")
                + "down:\n  - id: b\n    run: { argv: [make, uninstall], idempotent: true }\n"));

        assertThat(result.diagnostics()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void anIrreversibleRunStepNeedsNoInverseAndMakesTheVersionIrreversible() {
        LoadResult result = new SpecLoader().load(MapTree.sample().with(MIGRATION, migrationWith(
                "  - id: a\n    irreversible: true\n    run: { argv: [make, install], idempotent: true }\n")));

        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.orThrow().component("db").orElseThrow().migrations().firstEntry().getValue().isReversible())
                .isFalse();
    }
}
