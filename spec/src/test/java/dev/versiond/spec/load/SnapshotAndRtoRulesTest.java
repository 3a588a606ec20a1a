package dev.versiond.spec.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.spec.MapTree;
import dev.versiond.spec.diag.Diagnostic;
import dev.versiond.spec.model.SnapshotStep;
import dev.versiond.spec.model.Version;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@code snapshot} steps and a migration's {@code rto} are read and checked. */
class SnapshotAndRtoRulesTest {
    private static final String CMS_110 = "components/cms/migrations/1.1.0.yaml";

    private static List<Diagnostic> diagnostics(String migration) {
        return new SpecLoader().load(MapTree.sample().with(CMS_110, migration)).diagnostics();
    }

    private static String withUp(String steps) {
        return "kind: Migration\nversion: 1.1.0\nup:\n" + steps;
    }

    @Test
    void aSnapshotStepIsReadWithItsPathsDatabasesRetentionAndSizeCap() {
        var result = new SpecLoader().load(MapTree.sample().with(CMS_110, withUp("""
                  - id: backup
                    snapshot:
                      paths: [/var/lib/cms/data]
                      sqlite: [/var/lib/cms/cms.db]
                      postgres: ["postgresql://cms@127.0.0.1:5432/cms", cms]
                      mariadb: [shop-db]
                      keep: 2
                      maxSize: 512MiB
                """)));

        assertThat(result.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
        SnapshotStep step = (SnapshotStep) result.state().orElseThrow().component("cms").orElseThrow()
                .migration(Version.parse("1.1.0")).orElseThrow().up().get(0);
        assertThat(step.paths()).containsExactly("/var/lib/cms/data");
        assertThat(step.targets(SnapshotStep.Engine.SQLITE)).containsExactly("/var/lib/cms/cms.db");
        assertThat(step.targets(SnapshotStep.Engine.POSTGRES)).as("a URL, or a database of the agent's databases file")
                .containsExactly("postgresql://cms@127.0.0.1:5432/cms", "cms");
        assertThat(step.targets(SnapshotStep.Engine.MARIADB)).containsExactly("shop-db");
        assertThat(step.keep()).isEqualTo(2);
        assertThat(step.maxSize()).contains(512L << 20);
        assertThat(step.hasInverse()).isTrue();
    }

    @Test
    void badSnapshotFieldsAreReportedWhereTheyAreWritten() {
        List<Diagnostic> errors = diagnostics(withUp("""
                  - id: backup
                    snapshot:
                      paths: [var/lib/cms, /srv/../etc]
                      postgres: ["postgresql://cms:secret@db/cms", "Not A Name"]
                      keep: 0
                      maxSize: lots
                """)).stream().filter(Diagnostic::isError).toList();

        assertThat(errors).extracting(d -> d.position().toString() + " " + d.message()).anySatisfy(m ->
                assertThat(m).startsWith(CMS_110 + ":6:15").contains("must be absolute"))
                .anySatisfy(m -> assertThat(m).startsWith(CMS_110 + ":6:28").contains("no '..' segments"))
                .anySatisfy(m -> assertThat(m).startsWith(CMS_110 + ":7:18").contains("must not hold a password"))
                .anySatisfy(m -> assertThat(m).startsWith(CMS_110 + ":7:52").contains("or the name of a database"))
                .anySatisfy(m -> assertThat(m).contains("'keep'").contains("from 1 to 1000"))
                .anySatisfy(m -> assertThat(m).contains("'lots', not a size"));
    }

    @Test
    void aSnapshotThatCapturesNothingIsAnError() {
        assertThat(diagnostics(withUp("  - id: backup\n    snapshot: { keep: 2 }\n")))
                .filteredOn(Diagnostic::isError).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("captures nothing"));
    }

    @Test
    void validateWarnsWhenTheWorstCaseOfARollbackExceedsTheMigrationsRto() {
        String migration = """
                kind: Migration
                version: 1.1.0
                rto: 1m
                up:
                  - id: migrate
                    run: { argv: [/opt/cms/bin/migrate, up], idempotent: true, down: [/opt/cms/bin/migrate, down] }
                    timeout: 40s
                """;

        assertThat(diagnostics(migration)).filteredOn(d -> !d.isError()).singleElement().satisfies(d -> {
            assertThat(d.position().file()).isEqualTo(CMS_110);
            // 40s for the inverse, then 1.0.0's verify check: a 30s deadline plus its 5s attempt.
            assertThat(d.message()).contains("worst case of rolling back cms 1.1.0 is 75s")
                    .contains("longer than its rto of 1m");
        });
        assertThat(diagnostics(migration.replace("rto: 1m", "rto: 2m"))).filteredOn(d -> !d.isError()).isEmpty();
    }
}
