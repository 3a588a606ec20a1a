package dev.versiond.daemon.execute;

import static dev.versiond.daemon.execute.Steps.file;
import static dev.versiond.daemon.execute.Steps.link;
import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.plan.AllowedRoots;
import dev.versiond.spec.VersiondException;
import dev.versiond.spec.model.Command;
import dev.versiond.spec.model.RunStep;
import dev.versiond.spec.model.Step;
import dev.versiond.spec.template.Templates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The executor's own confinement, whatever the planner let through: under {@code --root} nothing
 * lands outside the root, and with allowed roots nothing lands outside them, links and planted
 * symbolic links included. Every case checks that the directory outside is untouched.
 */
class ConfinementTest {
    @TempDir
    Path root;
    @TempDir
    Path outside;

    private final HostStepExecutor executor = Steps.executor(new FakeTime());

    /** A step, the allowed roots, and what is planted under the root before it runs. */
    record Case(String name, Step step, List<String> allowed, Map<String, String> plantedLinks) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> escapes() {
        return Stream.of(
                new Case("file under a planted link root/opt -> outside", file("/opt/app/app.conf", "x", 0644),
                        List.of(), Map.of("opt", "@outside")),
                new Case("file under a planted link deep inside an allowed root", file("/opt/app/conf/app.conf", "x", 0644),
                        List.of("/opt"), Map.of("opt/app", "@outside")),
                new Case("file under a link from an allowed root to a place in the root but outside the allowed roots",
                        file("/opt/app/app.conf", "x", 0644), List.of("/opt"), Map.of("opt/app", "@root/etc")),
                new Case("file outside the allowed roots", file("/etc/passwd", "x", 0644), List.of("/opt"), Map.of()),
                new Case("file with a traversal path", file("/opt/../../../../etc/passwd", "x", 0644), List.of(), Map.of()),
                new Case("link whose absolute target leaves the allowed roots", link("/opt/app/current", "/etc"),
                        List.of("/opt"), Map.of()),
                new Case("link whose absolute target traverses out of the root",
                        link("/opt/app/current", "/../../../../../../tmp"), List.of(), Map.of()),
                new Case("link whose relative target traverses out of the root",
                        link("/opt/app/current", "../../../../../../../../tmp"), List.of(), Map.of()),
                new Case("link under a planted link root/opt -> outside", link("/opt/current", "releases/1"),
                        List.of(), Map.of("opt", "@outside")),
                new Case("link outside the allowed roots", link("/usr/local/bin/app", "/opt/app/bin/app"),
                        List.of("/opt"), Map.of()),
                new Case("run step with a creates guard outside the allowed roots",
                        new RunStep(Steps.common("r"), Command.of("touch", "x"), Optional.of("/root/done"),
                                Optional.empty(), Optional.empty(), false), List.of("/opt"), Map.of()),
                new Case("run step with a working directory outside the allowed roots",
                        new RunStep(Steps.common("w"), new Command(List.of("touch", "x"), false, Map.of(),
                                Optional.of("/tmp")), Optional.empty(), Optional.empty(), Optional.empty(), true),
                        List.of("/opt"), Map.of())
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("escapes")
    void isRefusedAndNothingOutsideChanges(Case c) throws IOException {
        Files.createDirectories(root.resolve("tmp"));
        Files.createDirectories(root.resolve("etc"));
        for (Map.Entry<String, String> link : c.plantedLinks().entrySet()) {
            Path at = root.resolve(link.getKey());
            Files.createDirectories(at.getParent());
            String target = link.getValue();
            Path to = target.equals("@outside") ? outside : root.resolve(target.substring("@root/".length()));
            Files.createDirectories(to);
            Files.createSymbolicLink(at, to);
        }
        List<Path> outsideBefore = listing(outside);
        List<Path> etcBefore = listing(root.resolve("etc"));
        HostRoot host = new HostRoot(root, new AllowedRoots(c.allowed()));
        StepContext context = new StepContext(host, Templates.context("app", "1.0.0", "web-1", Map.of()), Map.of());

        String outcome;
        try {
            executor.capture(c.step(), context);
            StepResult r = executor.apply(c.step(), context);
            outcome = r.succeeded() ? "applied" : "refused: " + r.error().orElse("");
        } catch (VersiondException e) {
            outcome = "refused: " + e.getMessage();
        }

        assertThat(outcome).startsWith("refused");
        assertThat(listing(outside)).isEqualTo(outsideBefore);
        assertThat(listing(root.resolve("etc"))).isEqualTo(etcBefore);
        assertThat(Files.exists(root.resolve("x"))).isFalse();
    }

    @Test
    void anAbsoluteLinkTargetUnderRootPointsIntoTheRootNotAtTheHostPath() throws IOException {
        HostRoot host = new HostRoot(root);
        StepContext context = new StepContext(host, Map.of(), Map.of());

        StepResult r = executor.apply(link("/opt/app/passwd", "/etc/passwd"), context);

        assertThat(r.succeeded()).isTrue();
        Path target = Files.readSymbolicLink(root.resolve("opt/app/passwd"));
        assertThat(target).isEqualTo(root.resolve("etc/passwd"));
        assertThat(target.startsWith(root)).isTrue();
    }

    @Test
    void anAllowedRootThatIsItselfALinkIsHonoured() throws IOException {
        Path data = Files.createDirectories(root.resolve("data/opt"));
        Files.createSymbolicLink(root.resolve("opt"), data);
        HostRoot host = new HostRoot(root, new AllowedRoots(List.of("/opt")));

        StepResult r = executor.apply(file("/opt/app.conf", "x", 0644), new StepContext(host, Map.of(), Map.of()));

        assertThat(r.succeeded()).isTrue();
        assertThat(data.resolve("app.conf")).hasContent("x");
    }

    @Test
    void anAllowedRootThatDoesNotExistYetIsCreatedUnderTheRoot() {
        HostRoot host = new HostRoot(root, new AllowedRoots(List.of("/var/lib/cms")));

        StepResult r = executor.apply(file("/var/lib/cms/state/app.conf", "x", 0644), new StepContext(host, Map.of(), Map.of()));

        assertThat(r.succeeded()).isTrue();
        assertThat(root.resolve("var/lib/cms/state/app.conf")).hasContent("x");
    }

    private static List<Path> listing(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.sorted().toList();
        }
    }
}
