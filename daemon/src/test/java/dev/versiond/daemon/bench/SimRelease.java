package dev.versiond.daemon.bench;

import dev.versiond.daemon.testing.Fleet;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The simulated fleet's desired state: one component, {@code app}, with a convergent config file and
 * one migration per release; each release logs that it was tried ({@code /sim/tried} in the host
 * root, a {@code run} step) and writes {@code /opt/app/VERSION}; its verify fails on a host whose root
 * holds {@code /sim/fail-<version>} (the harness puts that file on the hosts a release should fail on);
 * its deadline is long (5 s) so that a loaded machine's slow process start does not fail a good host.
 * One target, {@code all}, selects every host.
 */
final class SimRelease {
    static final String TARGET = "all";
    static final List<String> VERSIONS = List.of("1.0.0", "1.1.0", "1.2.0", "1.3.0");

    private SimRelease() {
    }

    /** The component and every release's migration. */
    static void writeComponent(Fleet fleet) {
        fleet.component("app", """
                config:
                  files:
                    - id: app-conf
                      file: { path: /etc/app/app.conf, content: "managed by versiond\\n", mode: "0644" }
                """);
        for (String v : VERSIONS) {
            fleet.migration("app", v, """
                    up:
                      - id: unpack
                        run:
                          argv: [sh, -c, 'echo %s >> "$VERSIOND_ROOT/sim/tried"']
                          down: ["true"]
                          idempotent: true
                      - id: version-file
                        file: { path: /opt/app/VERSION, content: "%s\\n", mode: "0644" }
                    verify:
                      - id: healthy
                        check: { command: [sh, -c, 'test ! -e "$VERSIOND_ROOT/sim/fail-%s"'], interval: 1s, deadline: 5s }
                    """.formatted(v, v, v));
        }
    }

    /** The target at {@code version}, applied at once by every host (no rollout). */
    static void writeTarget(Fleet fleet, String version) {
        fleet.target(TARGET, header(version));
    }

    /** The target at {@code version}, rolled out in gated waves. */
    static void writeTarget(Fleet fleet, String version, Gate gate) {
        fleet.target(TARGET, header(version) + """
                rollout:
                  waves: [%s]
                  bake: %ds
                  minHealthy: %d%%
                  errorBudget: %d%%
                  minReporters: %d
                """.formatted(gate.waves().stream().map(String::valueOf).collect(Collectors.joining(", ")),
                gate.bake().toSeconds(), gate.minHealthyPercent(), gate.errorBudgetPercent(), gate.minReporters()));
    }

    private static String header(String version) {
        return """
                selector: { hosts: ["*"] }
                components:
                  app: { version: %s }
                selfHeal: true
                """.formatted(version);
    }

    /** The rollout the scenarios use. */
    record Gate(List<Integer> waves, Duration bake, int minHealthyPercent, int errorBudgetPercent, int minReporters) {
        String describe() {
            return "waves " + waves + ", bake " + bake.toSeconds() + "s, minHealthy " + minHealthyPercent
                    + "%, errorBudget " + errorBudgetPercent + "%, minReporters " + minReporters;
        }
    }
}
