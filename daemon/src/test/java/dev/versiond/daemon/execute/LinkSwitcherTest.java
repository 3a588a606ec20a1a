package dev.versiond.daemon.execute;

import static dev.versiond.daemon.execute.Steps.context;
import static dev.versiond.daemon.execute.Steps.link;
import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.execute.StepResult.Outcome;
import dev.versiond.spec.model.LinkStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinkSwitcherTest {
    @TempDir
    Path root;

    private final HostStepExecutor executor = Steps.executor(new FakeTime());

    @Test
    void absoluteTargetPointsInsideTheRoot() throws IOException {
        Files.createDirectories(root.resolve("opt/app/releases/1.2.0"));
        Files.writeString(root.resolve("opt/app/releases/1.2.0/VERSION"), "1.2.0");

        StepResult result = executor.apply(link("/opt/app/current", "/opt/app/releases/1.2.0"), context(root));

        Path current = root.resolve("opt/app/current");
        assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(Files.readSymbolicLink(current)).isEqualTo(root.resolve("opt/app/releases/1.2.0"));
        assertThat(current.resolve("VERSION")).hasContent("1.2.0");
    }

    @Test
    void absoluteTargetIsWrittenAsGivenOnTheRealRoot() {
        LinkStep step = link("/opt/app/current", "/opt/app/releases/1.2.0");

        assertThat(LinkSwitcher.diskTarget(step, HostRoot.system())).isEqualTo("/opt/app/releases/1.2.0");
    }

    @Test
    void relativeTargetStaysRelative() throws IOException {
        executor.apply(link("/opt/app/current", "releases/1.2.0"), context(root));

        assertThat(Files.readSymbolicLink(root.resolve("opt/app/current"))).isEqualTo(Path.of("releases/1.2.0"));
    }

    @Test
    void existingLinkIsSwitchedToTheNewTargetLeavingNoTemporaryLink() throws IOException {
        Path current = root.resolve("opt/app/current");
        Files.createDirectories(current.getParent());
        Files.createSymbolicLink(current, Path.of("releases/1.1.0"));

        StepResult result = executor.apply(link("/opt/app/current", "releases/1.2.0"), context(root));

        assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(Files.readSymbolicLink(current)).isEqualTo(Path.of("releases/1.2.0"));
        try (Stream<Path> entries = Files.list(current.getParent())) {
            assertThat(entries.map(p -> p.getFileName().toString()).toList()).isEqualTo(List.of("current"));
        }
    }

    @Test
    void linkAlreadyPointingAtTheTargetIsSkipped() {
        executor.apply(link("/opt/app/current", "releases/1.2.0"), context(root));

        StepResult again = executor.apply(link("/opt/app/current", "releases/1.2.0"), context(root));

        assertThat(again.outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(again.outputTail()).isEqualTo("already points to releases/1.2.0");
    }

    @Test
    void reversePointsTheLinkBackAtItsCapturedTarget() throws IOException {
        Path current = root.resolve("opt/app/current");
        Files.createDirectories(current.getParent());
        Files.createSymbolicLink(current, Path.of("releases/1.1.0"));
        LinkStep step = link("/opt/app/current", "/opt/app/releases/1.2.0");

        Prior prior = executor.capture(step, context(root));
        executor.apply(step, context(root));
        StepResult reversed = executor.reverse(step, prior, context(root));

        assertThat(prior).isEqualTo(new Prior.LinkState(Optional.of("releases/1.1.0")));
        assertThat(reversed.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(Files.readSymbolicLink(current)).isEqualTo(Path.of("releases/1.1.0"));
    }

    @Test
    void reverseRemovesALinkThatDidNotExistBefore() {
        LinkStep step = link("/opt/app/current", "releases/1.2.0");

        Prior prior = executor.capture(step, context(root));
        executor.apply(step, context(root));
        StepResult reversed = executor.reverse(step, prior, context(root));

        assertThat(reversed.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(Files.exists(root.resolve("opt/app/current"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void refusesToReplaceARealDirectoryAndKeepsItsData() throws IOException {
        Path data = Files.createDirectories(root.resolve("opt/app/current"));
        Files.writeString(data.resolve("precious"), "data");

        StepResult result = executor.apply(link("/opt/app/current", "releases/1.2.0"), context(root));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.error().orElseThrow()).contains("not a symbolic link");
        assertThat(data.resolve("precious")).hasContent("data");
        assertThat(executor.reverse(link("/opt/app/current", "x"), new Prior.LinkState(Optional.empty()),
                context(root)).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(data.resolve("precious")).exists();
    }

    @Test
    void probeComparesTheLinkTarget() throws IOException {
        LinkStep step = link("/opt/app/current", "/opt/app/releases/1.2.0");
        assertThat(executor.probe(step, context(root))).contains(false);

        executor.apply(step, context(root));
        assertThat(executor.probe(step, context(root))).contains(true);

        executor.apply(link("/opt/app/current", "/opt/app/releases/1.1.0"), context(root));
        assertThat(executor.probe(step, context(root))).contains(false);
    }
}
