package dev.versiond.daemon.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.spec.model.Command;
import dev.versiond.spec.model.FileStep;
import dev.versiond.spec.model.LinkStep;
import dev.versiond.spec.model.Position;
import dev.versiond.spec.model.RunStep;
import dev.versiond.spec.model.StepCommon;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AllowedRootsTest {
    private static final AllowedRoots ROOTS = new AllowedRoots(List.of("/opt", "/etc/cms/", "/var/lib/cms"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/opt, true",
            "/opt/app/current, true",
            "/etc/cms/app.conf, true",
            "/var/lib/cms/data, true",
            "/optional/x, false",
            "/etc/passwd, false",
            "/etc/cmsx, false",
            "/opt/app/../../etc/passwd, false",
            "/opt/./../etc/shadow, false",
            "/var/lib/cms/../../../root/.ssh/authorized_keys, false",
            "relative/path, false",
            "/, false",
    })
    void pathsAreNormalisedBeforeTheyAreComparedWithTheRoots(String path, boolean permitted) {
        assertThat(ROOTS.permits(path)).isEqualTo(permitted);
        assertThat(AllowedRoots.everywhere().permits(path)).isTrue();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/opt/app/current, /etc, target /etc",
            "/opt/app/current, ../../etc, target /etc",
            "/opt/app/current, ../../../../etc/shadow, target (above /) ../../../../etc/shadow",
            "/usr/local/bin/app, /opt/app/bin/app, path /usr/local/bin/app",
    })
    void aLinkWhosePathOrTargetLeavesTheRootsIsNamedWithThePath(String path, String target, String expected) {
        LinkStep link = new LinkStep(common("switch"), path, target);

        assertThat(ROOTS.violation(link)).get().asString().contains("step 'switch' " + expected, "outside the allowed roots");
    }

    @Test
    void fileRunAndRelativeLinkStepsInsideTheRootsPass() {
        RunStep inside = new RunStep(common("ok"), new Command(List.of("make"), false, Map.of(), Optional.of("/opt/app")),
                Optional.of("/opt/app/done"), Optional.empty(), Optional.empty(), false);

        assertThat(ROOTS.violation(inside)).isEmpty();
        assertThat(ROOTS.violation(new LinkStep(common("rel"), "/opt/app/current", "releases/1.0.0"))).isEmpty();
        assertThat(ROOTS.violation(new FileStep(common("f"), "/etc/cms/app.conf", Optional.of("x"), Optional.empty(), 0644)))
                .isEmpty();
    }

    @Test
    void fileRunGuardsAndWorkingDirectoriesOutsideAreRefused() {
        RunStep creates = new RunStep(common("r"), Command.of("true"), Optional.of("/root/done"), Optional.empty(),
                Optional.empty(), false);
        RunStep down = new RunStep(common("w"), Command.of("true"), Optional.empty(), Optional.empty(),
                Optional.of(new Command(List.of("rm", "x"), false, Map.of(), Optional.of("/home/x"))), true);

        assertThat(ROOTS.violation(creates)).get().asString().contains("creates /root/done");
        assertThat(ROOTS.violation(down)).get().asString().contains("cwd /home/x");
        assertThat(ROOTS.violation(new FileStep(common("f"), "/etc/passwd", Optional.of("x"), Optional.empty(), 0644)))
                .get().asString().contains("step 'f' path /etc/passwd");
    }

    private static StepCommon common(String id) {
        return StepCommon.of(id, Position.startOf("test"));
    }
}
