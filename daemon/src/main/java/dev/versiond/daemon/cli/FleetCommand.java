package dev.versiond.daemon.cli;

import dev.versiond.daemon.fleet.FleetReader;
import dev.versiond.daemon.fleet.FleetView;
import dev.versiond.daemon.fleet.HostReport;
import dev.versiond.daemon.source.SourceOptions;
import dev.versiond.daemon.source.StatusRemote;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code versiond fleet}: hosts × components × version × state × wave, and each rollout's progress, from the status refs. */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = {"Show the fleet from its status repository: every host's last report and each rollout's progress.",
                "Reads only the refs under refs/versiond/ (and the hosts' latest status commits)."})
final class FleetCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--repo", required = true, paramLabel = "URL", description = "The status repository.")
    private String repo;

    @Option(names = "--target", paramLabel = "T", description = "Only hosts and rollouts of this target.")
    private String target;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json", description = "Output format (default: text).")
    private Format format;

    @Mixin
    private TrustOptions trust = new TrustOptions();

    @Override
    public Integer call() {
        FleetView view;
        try (ScratchStateDirectory scratch = ScratchStateDirectory.create();
             StatusRemote remote = StatusRemote.open(repo, scratch.path(), trust.credentials(), Optional.empty(),
                     SourceOptions.DEFAULT_TIMEOUT)) {
            view = new FleetReader(remote).read(Optional.ofNullable(target));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(Json.write(view));
        } else {
            text(view, out);
        }
        out.flush();
        return ExitCode.OK.code();
    }

    static void text(FleetView view, PrintWriter out) {
        out.printf("%-24s %-16s %-10s %-10s %-12s %-8s %s%n", "HOST", "COMPONENT", "RECORDED", "DESIRED", "STATE", "WAVES",
                "REASON");
        for (HostReport h : view.hosts()) {
            String waves = h.targets().stream().map(t -> t.target() + ":" + (t.wave() + 1)).collect(Collectors.joining(","));
            for (HostReport.ComponentReport c : h.components()) {
                out.printf("%-24s %-16s %-10s %-10s %-12s %-8s %s%n", h.host(), c.name(), c.recorded().orElse("-"),
                        c.desired().orElse("-"), c.state(), waves, c.reason().orElse(""));
            }
        }
        for (FleetView.Rollout r : view.rollouts()) {
            out.printf("%nrollout %s @ %s%s%n", r.target(), r.commit().substring(0, 12), r.halted() ? "  HALTED" : "");
            r.waves().forEach((w, c) -> out.printf("  wave %d: %d/%d applied, %d failed, %d held%n", w + 1, c.applied(),
                    c.reporters(), c.failed(), c.held()));
            if (!r.failing().isEmpty()) {
                out.println("  failing: " + String.join(", ", r.failing()));
            }
            r.haltReason().ifPresent(reason -> out.println("  " + reason));
            r.next().ifPresent(n -> out.printf("  next: wave %d no earlier than %s%s%n", n.wave() + 1, n.earliestStart(),
                    n.gate().map(g -> "; gate closed: " + g).orElse("")
                            + (n.analysis().isEmpty() ? "" : "; then its analysis must pass: " + String.join(", ", n.analysis()))));
        }
    }
}
