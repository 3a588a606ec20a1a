package dev.versiond.daemon.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.versiond.daemon.plan.HostIdentity;
import dev.versiond.daemon.state.Blocked;
import dev.versiond.daemon.state.OpenRollback;
import dev.versiond.daemon.state.Reason;
import dev.versiond.daemon.state.RecordedComponent;
import dev.versiond.daemon.state.StateStore;
import dev.versiond.daemon.testing.GitFixture;
import dev.versiond.spec.model.LinkStep;
import dev.versiond.spec.model.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One host driven by in-process engines on a state directory, each {@link #pass()} a fresh engine (a
 * restarted agent): a real Git repository with app 1.0.0, 1.1.0 and 1.2.0 (an unpack run step whose
 * down fails while {@code break-down-<version>} exists, a version file, a release link, a verify
 * check that {@code break-<version>} fails), real SQLite, real processes and files under a scratch root.
 * Public for the tests of what listens to passes (notifications).
 */
public abstract class EngineHost {
    @TempDir
    protected Path dir;

    protected GitFixture repo;
    protected Path state;
    protected Path root;

    @BeforeEach
    protected void repositoryWithThreeVersions() {
        repo = GitFixture.init(dir.resolve("repo"));
        state = dir.resolve("state");
        root = dir.resolve("root");
        repo.write("components/app/component.yaml", "kind: Component\nname: app\n");
        for (String v : List.of("1.0.0", "1.1.0", "1.2.0")) {
            repo.write("components/app/migrations/" + v + ".yaml", migration(v, ""));
        }
        pin("1.0.0");
    }

    @AfterEach
    protected void closeRepository() {
        repo.close();
    }

    protected static String migration(String v, String extra) {
        return """
                kind: Migration
                version: %1$s
                up:
                  - id: unpack
                    run:
                      argv: [sh, -c, 'echo "up unpack %1$s" >> "$VERSIOND_ROOT/log" && mkdir -p "$VERSIOND_ROOT/opt/app/releases/%1$s"']
                      creates: /opt/app/releases/%1$s
                      down: [sh, -c, 'test ! -e "$VERSIOND_ROOT/break-down-%1$s" && echo "down unpack %1$s" >> "$VERSIOND_ROOT/log" && rm -rf "$VERSIOND_ROOT/opt/app/releases/%1$s"']
                  - id: version-file
                    file: { path: /opt/app/VERSION, content: "%1$s\\n", mode: "0644" }
                  - id: switch
                    link: { path: /opt/app/current, target: /opt/app/releases/%1$s }
                verify:
                  - id: healthy
                    check: { command: [sh, -c, 'test ! -e "$VERSIOND_ROOT/break-%1$s"'], interval: 50ms, deadline: 200ms }
                """.formatted(v) + extra;
    }

    protected void pin(String version) {
        repo.write("targets/all.yaml", "kind: Target\nname: all\ncomponents:\n  app: { version: " + version + " }\n");
        repo.commit("app " + version);
    }

    protected void breakVersion(String version) {
        try {
            Files.createDirectories(root);
            Files.writeString(root.resolve("break-" + version), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected Engine.Options options() {
        return new Engine.Options(repo.url(), "main", "", state, root, new HostIdentity("web-01", Map.of()),
                List.of("true"), false, false);
    }

    /** One pass of a fresh agent on the state directory (the restarted process). */
    PassOutcome pass() {
        try (Engine engine = Engine.open(options(), Clock.systemUTC())) {
            return engine.reconciler().pass("test", true, false, ProgressSink.none(), () -> false).outcome();
        }
    }

    /** A pass whose process dies before the call {@code dieBefore} picks. */
    void crashingPass(BiPredicate<String, Step> dieBefore) {
        try (Engine engine = Engine.open(options(), Clock.systemUTC(), e -> new CrashingExecutor(e, dieBefore))) {
            assertThatThrownBy(() -> engine.reconciler().pass("test", true, false, ProgressSink.none(), () -> false))
                    .isInstanceOf(CrashingExecutor.Crash.class);
        }
    }

    Map<String, String> converged() {
        assertThat(pass()).isInstanceOf(PassOutcome.Applied.class);
        return tree();
    }

    Optional<String> recorded() {
        try (StateStore store = dev.versiond.daemon.state.SqliteStateStore.open(state, Clock.systemUTC())) {
            return store.recorded().component("app").map(RecordedComponent::version).map(Object::toString);
        }
    }

    Optional<Blocked> blocked() {
        try (StateStore store = dev.versiond.daemon.state.SqliteStateStore.open(state, Clock.systemUTC())) {
            return Optional.ofNullable(store.recorded().blocked().get("app"));
        }
    }

    List<String> log() {
        try {
            Path log = root.resolve("log");
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The host's files under /opt: path -> content, link target or "dir". */
    Map<String, String> tree() {
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root.resolve("opt"))) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                tree.put(root.relativize(p).toString(), Files.isSymbolicLink(p) ? "-> " + Files.readSymbolicLink(p)
                        : Files.isDirectory(p) ? "dir" : Files.readString(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tree;
    }
}
