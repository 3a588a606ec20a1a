package dev.versiond.spec.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.spec.MapTree;
import dev.versiond.spec.diag.Diagnostic;
import dev.versiond.spec.load.SpecLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules across files, through the loader: each fires once, at the entry that breaks it. */
class RepositoryRulesTest {

    private static List<Diagnostic> errorsFor(MapTree tree) {
        return new SpecLoader().load(tree).diagnostics().stream().filter(Diagnostic::isError).toList();
    }

    private static void assertSingleError(MapTree tree, String position, String... fragments) {
        assertThat(errorsFor(tree)).singleElement().satisfies(d -> {
            assertThat(d.position().toString()).isEqualTo(position);
            for (String f : fragments) {
                assertThat(d.message()).contains(f);
            }
        });
    }

    private static final String CMS = "components/cms/component.yaml";
    private static final String DB = "components/db/component.yaml";

    @Test
    void aDependencyOnAnUnknownComponentIsReportedWithASuggestion() {
        assertSingleError(MapTree.sample().with(CMS, "kind: Component\nname: cms\ndependsOn:\n  dbb: \"*\"\n"),
                CMS + ":4:3", "depends on unknown component 'dbb' (did you mean 'db'?)");
    }

    @Test
    void aDependencyCycleIsReportedWithItsPath() {
        assertSingleError(MapTree.sample().with(DB, "kind: Component\nname: db\ndependsOn:\n  cms: \"^1.0.0\"\n"),
                DB + ":4:3", "dependency cycle: cms -> db -> cms");
    }

    @Test
    void aComponentDependingOnItselfIsACycle() {
        assertSingleError(MapTree.sample().with(DB, "kind: Component\nname: db\ndependsOn:\n  db: \"*\"\n"),
                DB + ":4:3", "dependency cycle: db -> db");
    }

    @Test
    void aLongerCycleIsReportedOnce() {
        MapTree tree = MapTree.sample()
                .with(DB, "kind: Component\nname: db\ndependsOn:\n  queue: \"*\"\n")
                .with("components/queue/component.yaml", "kind: Component\nname: queue\ndependsOn:\n  cms: \"*\"\n");
        assertSingleError(tree, "components/queue/component.yaml:4:3", "dependency cycle: cms -> db -> queue -> cms");
    }

    @Test
    void aTargetNamingAnUnknownComponentIsReportedAtItsEntry() {
        assertSingleError(MapTree.sample().with("targets/prod.yaml",
                "kind: Target\nname: prod\ncomponents:\n  dbs: { version: 1.0.0 }\n"),
                "targets/prod.yaml:4:3", "target 'prod' names unknown component 'dbs' (did you mean 'db'?)");
    }

    @Test
    void aTargetAskingForAnUndeclaredVersionIsReportedAtTheVersionListingTheDeclaredOnes() {
        assertSingleError(MapTree.sample().with("targets/prod.yaml",
                "kind: Target\nname: prod\ncomponents:\n  cms: { version: 1.2.0, config: { port: 1 } }\n"),
                "targets/prod.yaml:4:19", "asks for version 1.2.0 of component 'cms'", "(declared: 1.0.0, 1.1.0)");
    }

    @Test
    void twoMigrationFilesWithEqualPrecedenceAreDuplicates() {
        MapTree tree = MapTree.sample().with("components/db/migrations/1.0.0+b.yaml",
                "kind: Migration\nversion: 1.0.0+b\nup:\n  - id: s\n    service: { unit: db.service, action: start }\n");
        // Of two files with equal precedence, the later in path order is reported ('+' sorts before '.').
        assertSingleError(tree, "components/db/migrations/1.0.0.yaml:2:10",
                "version 1.0.0 has the same precedence as components/db/migrations/1.0.0+b.yaml");
    }

    @Test
    void migrationsOfAFolderWithoutComponentYamlAreReported() {
        MapTree tree = MapTree.sample().with("components/ghost/migrations/1.0.0.yaml",
                "kind: Migration\nversion: 1.0.0\nup:\n  - id: s\n    service: { unit: g.service, action: start }\n");
        assertSingleError(tree, "components/ghost/migrations/1.0.0.yaml:1:1",
                "migration of component 'ghost', which has no components/ghost/component.yaml");
    }

    @Test
    void aTemplateVariableMissingFromATargetsConfigIsReportedAtThatTargetsEntry() {
        MapTree tree = MapTree.sample().with("components/cms/templates/app.conf.mustache",
                "port={{config.port}}\nhost={{config.db.host}}\n{{#config.features}}{{name}}{{/config.features}}\n");
        List<Diagnostic> errors = errorsFor(tree);

        assertThat(errors).extracting(Diagnostic::toString).containsExactly(
                "targets/prod.yaml:5:3: error: target 'prod' gives component 'cms' no config value 'db.host', which "
                        + "template components/cms/templates/app.conf.mustache uses ({{config.db.host}})",
                "targets/prod.yaml:5:3: error: target 'prod' gives component 'cms' no config value 'features', which "
                        + "template components/cms/templates/app.conf.mustache uses ({{config.features}})");
    }

    @Test
    void nestedConfigValuesSatisfyDottedTemplateVariables() {
        MapTree tree = MapTree.sample()
                .with("components/cms/templates/app.conf.mustache", "host={{config.db.host}}\n"
                        + "{{#config.features}}{{name}}{{/config.features}}\n")
                .with("targets/prod.yaml", "kind: Target\nname: prod\ncomponents:\n  db: { version: 1.0.0 }\n"
                        + "  cms:\n    version: 1.1.0\n    config:\n      db: { host: db.internal }\n"
                        + "      features: [{ name: search }]\n");
        assertThat(errorsFor(tree)).isEmpty();
    }

    @Test
    void aTemplateUsingANameOutsideTheContextIsReportedInTheTemplate() {
        assertSingleError(MapTree.sample().with("components/cms/templates/app.conf.mustache",
                "port={{config.port}}\nenv={{env.HOME}}\n"),
                "components/cms/templates/app.conf.mustache:2:7",
                "template uses '{{env.HOME}}', but only version, component, host and config.<key> are available");
    }

    @Test
    void aTemplateWithASyntaxErrorIsReportedAtItsLine() {
        List<Diagnostic> errors = errorsFor(MapTree.sample().with("components/cms/templates/app.conf.mustache",
                "port={{config.port}}\n{{#config.x}}\nunclosed\n"));
        assertThat(errors).singleElement().satisfies(d -> {
            assertThat(d.position().file()).isEqualTo("components/cms/templates/app.conf.mustache");
            assertThat(d.message()).contains("invalid template");
        });
    }

    @Test
    void twoTargetsGivingOneComponentToPossiblyTheSameHostsConflict() {
        MapTree tree = MapTree.sample().with("targets/staging.yaml",
                "kind: Target\nname: staging\nselector: { hosts: [\"web-*\"] }\ncomponents:\n  db: { version: 1.0.0 }\n");
        assertSingleError(tree, "targets/staging.yaml:5:3", "target 'staging' gives component 'db' to hosts that "
                + "target 'prod' (targets/prod.yaml) may also select");
    }

    @Test
    void targetsWithDisjointSelectorsMayShareAComponent() {
        MapTree tree = MapTree.sample()
                .with("targets/prod.yaml", "kind: Target\nname: prod\nselector: { labels: { env: prod } }\n"
                        + "components:\n  db: { version: 1.0.0 }\n")
                .with("targets/staging.yaml", "kind: Target\nname: staging\nselector: { labels: { env: staging } }\n"
                        + "components:\n  db: { version: 1.0.0 }\n");
        assertThat(errorsFor(tree)).isEmpty();
    }

    @Test
    void aComponentWhoseFileHasErrorsIsNotAlsoReportedAsUnknown() {
        MapTree tree = MapTree.sample().with(DB, "kind: Component\nname: db\nowner: team-a\n");
        assertSingleError(tree, DB + ":3:1", "unknown key 'owner'");
    }

    @Test
    void aTargetWithAnErrorStillHasItsOtherEntriesChecked() {
        MapTree tree = MapTree.sample().with("targets/prod.yaml",
                "kind: Target\nname: prod\nselfheal: true\ncomponents:\n  db: { version: 2.0.0 }\n");
        assertThat(errorsFor(tree)).extracting(d -> d.position().toString())
                .containsExactly("targets/prod.yaml:3:1", "targets/prod.yaml:5:18");
    }
}
