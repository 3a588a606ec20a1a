package dev.versiond.spec.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.spec.MapTree;
import dev.versiond.spec.SpecException;
import dev.versiond.spec.diag.Diagnostic;
import dev.versiond.spec.model.CheckStep;
import dev.versiond.spec.model.Component;
import dev.versiond.spec.model.DesiredState;
import dev.versiond.spec.model.FileStep;
import dev.versiond.spec.model.LinkStep;
import dev.versiond.spec.model.Migration;
import dev.versiond.spec.model.Position;
import dev.versiond.spec.model.Probe;
import dev.versiond.spec.model.RunStep;
import dev.versiond.spec.model.ServiceAction;
import dev.versiond.spec.model.ServiceStep;
import dev.versiond.spec.model.Target;
import dev.versiond.spec.model.Version;
import dev.versiond.spec.model.VersionConstraint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class SpecLoaderTest {

    private static LoadResult load(MapTree tree) {
        return new SpecLoader().load(tree);
    }

    @Test
    void aValidRepositoryLoadsIntoTheModelWithoutDiagnostics() {
        LoadResult result = load(MapTree.sample());

        assertThat(result.diagnostics()).isEmpty();
        DesiredState state = result.state().orElseThrow();
        assertThat(state.components()).containsOnlyKeys("cms", "db");

        Component cms = state.component("cms").orElseThrow();
        assertThat(cms.description()).contains("The CMS API");
        assertThat(cms.file()).isEqualTo("components/cms/component.yaml");
        assertThat(cms.dependsOn()).singleElement().satisfies(d -> {
            assertThat(d.component()).isEqualTo("db");
            assertThat(d.constraint()).isEqualTo(VersionConstraint.parse(">=1.0.0"));
            assertThat(d.position()).isEqualTo(new Position("components/cms/component.yaml", 5, 3));
        });
        FileStep conf = cms.config().files().get(0);
        assertThat(conf.path()).isEqualTo("/etc/cms/app.conf");
        assertThat(conf.mode()).isEqualTo(0640);
        assertThat(conf.template()).hasValueSatisfying(t -> {
            assertThat(t.path()).isEqualTo("components/cms/templates/app.conf.mustache");
            assertThat(t.text()).isEqualTo("port={{config.port}}\nversion={{version}}\n");
        });
        assertThat(cms.config().onChange()).singleElement().isInstanceOfSatisfying(ServiceStep.class,
                s -> assertThat(s.action()).isEqualTo(ServiceAction.RELOAD));

        assertThat(cms.migrations().keySet()).containsExactly(Version.parse("1.0.0"), Version.parse("1.1.0"));
        Migration first = cms.migration(Version.parse("1.0.0")).orElseThrow();
        assertThat(first.file()).isEqualTo("components/cms/migrations/1.0.0.yaml");
        assertThat(first.up()).hasSize(3);
        RunStep unpack = (RunStep) first.up().get(0);
        assertThat(unpack.id()).isEqualTo("unpack");
        assertThat(unpack.position()).isEqualTo(new Position("components/cms/migrations/1.0.0.yaml", 5, 5));
        assertThat(unpack.command().argv()).containsExactly("tar", "-xzf", "/var/cache/cms-1.0.0.tgz", "-C",
                "/opt/cms/releases");
        assertThat(unpack.command().shell()).isFalse();
        assertThat(unpack.creates()).contains("/opt/cms/releases/1.0.0");
        assertThat(unpack.down()).hasValueSatisfying(d -> assertThat(d.argv()).containsExactly("rm", "-rf",
                "/opt/cms/releases/1.0.0"));
        assertThat(unpack.common().timeout()).contains(Duration.ofMinutes(5));
        assertThat(unpack.common().retries()).isEqualTo(2);
        assertThat(first.up().get(1)).isEqualTo(new LinkStep(first.up().get(1).common(), "/opt/cms/current",
                "/opt/cms/releases/1.0.0"));
        CheckStep health = first.verify().get(0);
        assertThat(health.probe()).isEqualTo(new Probe.Http("http://127.0.0.1:8080/healthz", 200));
        assertThat(health.deadline()).isEqualTo(Duration.ofSeconds(30));
        assertThat(health.interval()).isEqualTo(Duration.ofSeconds(2));

        Migration second = cms.migration(Version.parse("1.1.0")).orElseThrow();
        assertThat(second.description()).contains("Adds a banner");
        assertThat(second.preflight().get(0).probe()).isEqualTo(new Probe.Tcp("127.0.0.1", 8080));
        assertThat(((FileStep) second.up().get(0)).content()).contains("hello\n");
        assertThat(((FileStep) second.up().get(0)).mode()).isEqualTo(0644);
        RunStep migrate = (RunStep) second.up().get(1);
        assertThat(migrate.command().shell()).isTrue();
        assertThat(migrate.command().processArgv()).containsExactly("/bin/sh", "-c", "/opt/cms/bin/migrate up");
        assertThat(second.down()).extracting(s -> s.id()).containsExactly("unmigrate");
        assertThat(second.isReversible()).isTrue();

        Target prod = state.targets().get(0);
        assertThat(prod.name()).isEqualTo("prod");
        assertThat(prod.selector().matches("any-host", Map.of())).isTrue();
        assertThat(prod.components().get("cms").version()).isEqualTo(Version.parse("1.1.0"));
        assertThat(prod.components().get("cms").config()).containsEntry("port", 8080L);
        assertThat(prod.components().get("cms").position()).isEqualTo(new Position("targets/prod.yaml", 5, 3));
        assertThat(prod.rollout()).hasValueSatisfying(r -> {
            assertThat(r.waves()).containsExactly(10, 50, 100);
            assertThat(r.bake()).isEqualTo(Duration.ofHours(1));
            assertThat(r.gate()).as("no gate key: waves are timers only").isEmpty();
        });
        assertThat(prod.windows()).singleElement().satisfies(w -> {
            assertThat(w.cron()).isEqualTo("0 0 2 ? * SAT,SUN");
            assertThat(w.duration()).isEqualTo(Duration.ofHours(2));
            assertThat(w.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        });
        assertThat(prod.selfHeal()).isTrue();
    }

    @Test
    void defaultsApplyWhenOptionalKeysAreLeftOut() {
        Target prod = load(MapTree.sample().with("targets/prod.yaml", """
                kind: Target
                name: prod
                components:
                  db: { version: 1.0.0 }
                rollout: { waves: [100] }
                windows:
                  - { cron: "0 0 2 * * ?", duration: 1h }
                """)).orThrow().targets().get(0);

        assertThat(prod.rollout().orElseThrow().bake()).isEqualTo(Duration.ofMinutes(30));
        assertThat(prod.windows().get(0).zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(prod.selfHeal()).isFalse();
        assertThat(prod.components().get("db").config()).isEmpty();
    }

    @Test
    void everyProblemOfTheRepositoryIsReportedInOneRunSortedByFileLineAndColumn() {
        LoadResult result = load(MapTree.sample()
                .with("targets/prod.yaml", "kind: Target\nname: prod\ncomponents:\n  db: { version: 9.9.9 }\nfoo: 1\n")
                .with("components/db/component.yaml", "kind: Component\nname: db\ndescripton: x\n")
                .with("components/cms/migrations/1.0.0.yaml", "kind: Migration\nversion: 1.0.0\nup: []\n"));

        assertThat(result.state()).isEmpty();
        assertThat(result.diagnostics()).extracting(d -> d.position().toString()).containsExactly(
                "components/cms/migrations/1.0.0.yaml:3:5",
                "components/db/component.yaml:3:1",
                "targets/prod.yaml:4:18",
                "targets/prod.yaml:5:1");
        assertThat(result.diagnostics()).allMatch(Diagnostic::isError);
        Assertions.assertThatThrownBy(result::orThrow).isInstanceOf(SpecException.class)
                .hasMessageContaining("4 error(s)");
    }

    @Test
    void theParseCacheReadsAnUnchangedFileOnlyOnce() {
        SpecLoader loader = new SpecLoader();
        MapTree tree = MapTree.sample().withContentIds();

        loader.load(tree);
        long first = loader.parseCount();
        LoadResult again = loader.load(tree);
        long second = loader.parseCount();
        loader.load(tree.with("targets/prod.yaml", new String(tree.read("targets/prod.yaml"),
                StandardCharsets.UTF_8).replace("port: 8080", "port: 9090")));
        long third = loader.parseCount();

        assertThat(first).isEqualTo(7); // 6 YAML files + 1 template
        assertThat(second).isEqualTo(first);
        assertThat(third).isEqualTo(first + 1);
        assertThat(again.diagnostics()).isEmpty();
        assertThat(again.state()).isPresent();
    }

    @Test
    void cachedResultsStillCarryTheirDiagnosticsOnTheNextLoad() {
        SpecLoader loader = new SpecLoader();
        MapTree tree = MapTree.sample().with("components/db/component.yaml", "kind: Component\nnme: db\n")
                .withContentIds();

        List<Diagnostic> first = loader.load(tree).diagnostics();
        List<Diagnostic> second = loader.load(tree).diagnostics();

        assertThat(second).isEqualTo(first).isNotEmpty();
    }

    @Test
    void theCacheDropsFilesOfOlderTreesWhenItGrowsPastItsBound() {
        SpecLoader loader = new SpecLoader(7); // the sample has 7 cached files: 6 YAML files and a template
        MapTree first = MapTree.sample().withContentIds();
        MapTree other = MapTree.sample().without("components/db/migrations/1.0.0.yaml")
                .with("components/db/migrations/2.0.0.yaml", "kind: Migration\nversion: 2.0.0\nup:\n  - id: s\n"
                        + "    service: { unit: db.service, action: start }\n")
                .with("targets/prod.yaml", "kind: Target\nname: prod\ncomponents:\n  db: { version: 2.0.0 }\n")
                .withContentIds();

        loader.load(first);
        loader.load(other);
        long before = loader.parseCount();
        LoadResult again = loader.load(first);

        // The cache is keyed by path: prod.yaml holds the other tree's version, and 1.0.0.yaml (absent from the
        // other tree) was dropped when the cache grew past 7; the rest is reused.
        assertThat(loader.parseCount() - before).isEqualTo(2);
        assertThat(again.diagnostics()).isEmpty();
    }

    @Test
    void loadsFromSeveralThreadsShareTheCacheSafely() throws Exception {
        SpecLoader loader = new SpecLoader();
        MapTree tree = MapTree.sample().withContentIds();
        LoadResult expected = new SpecLoader().load(tree);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<LoadResult>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> loader.load(tree.with("targets/prod.yaml", new String(
                        tree.read("targets/prod.yaml"), StandardCharsets.UTF_8)))));
            }
            for (var r : results) {
                assertThat(r.get().state()).isEqualTo(expected.state());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTreeWithoutContentIdsIsParsedEveryTime() {

        SpecLoader loader = new SpecLoader();
        loader.load(MapTree.sample());
        loader.load(MapTree.sample());
        assertThat(loader.parseCount()).isEqualTo(14);
    }

    @Test
    void aYamlFileOutsideTheLayoutIsAWarningAndOtherFilesAreIgnored() {
        LoadResult result = load(MapTree.sample().with("misc/notes.yaml", "a: 1\n").with("targets/prod.yml", "x")
                .with("schemas/component.schema.json", "{").with(".github/workflows/ci.yml", "on: push"));

        assertThat(result.state()).isPresent();
        assertThat(result.diagnostics()).extracting(Diagnostic::toString).containsExactly(
                "misc/notes.yaml:1:1: warning: 'misc/notes.yaml' is not part of the desired state and is ignored: "
                        + "desired-state files are components/<name>/component.yaml, "
                        + "components/<name>/migrations/<version>.yaml and targets/<name>.yaml",
                "targets/prod.yml:1:1: warning: 'targets/prod.yml' is not part of the desired state and is ignored: "
                        + "desired-state files end in .yaml, not .yml");
    }

    @Test
    void anEmptyRepositoryIsAnEmptyDesiredState() {
        LoadResult result = load(MapTree.of(Map.of()));
        assertThat(result.state()).hasValueSatisfying(s -> {
            assertThat(s.components()).isEmpty();
            assertThat(s.targets()).isEmpty();
        });
    }

    @Test
    void stateIsPresentWhenThereAreOnlyWarnings() {
        LoadResult result = load(MapTree.sample().with("components/db/migrations/1.0.0.yaml", """
                kind: Migration
                version: 1.0.0
                up:
                  - id: install
                    run: { argv: [apt-get, install, -y, postgresql], down: [apt-get, remove, postgresql] }
                """));
        assertThat(result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.isError()).isFalse();
            assertThat(d.position()).isEqualTo(new Position("components/db/migrations/1.0.0.yaml", 4, 5));
        });
        assertThat(result.state()).map(s -> s.component("db")).isPresent();
        assertThat(Optional.of(result.warningCount())).contains(1L);
    }
}
