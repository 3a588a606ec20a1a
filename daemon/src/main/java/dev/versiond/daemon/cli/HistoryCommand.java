package dev.versiond.daemon.cli;

import dev.versiond.daemon.state.ChangeRecord;
import dev.versiond.daemon.state.PassRecord;
import dev.versiond.daemon.state.SqliteStateStore;
import dev.versiond.daemon.state.StepRecord;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code versiond history}: passes and their steps, newest first. Asks the running agent ({@code GET /history})
 * when one answers and no {@code --state} was given; otherwise reads the state database (read-only, next to a
 * running agent or without one).
 */
@Command(name = "history", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = {"Print the passes this host ran, newest first, with their changes and steps.",
                "Asks the running agent when one answers (see --url) and --state is not given; "
                        + "otherwise reads the state directory."})
final class HistoryCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private StateOptions state;

    @Mixin
    private AgentOptions agent;

    @Option(names = "--component", paramLabel = "NAME", description = "Only passes that touched this component.")
    private String component;

    @Option(names = "--limit", defaultValue = "20", paramLabel = "N", description = "How many passes (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    private Format format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!spec.commandLine().getParseResult().hasMatchedOption("--state")) {
            AgentClient client = agent.client();
            String path = "history?limit=" + limit
                    + (component == null ? "" : "&component=" + URLEncoder.encode(component, StandardCharsets.UTF_8));
            Optional<AgentClient.Answer> answer = client.get(path);
            if (answer.isPresent()) {
                print(answer.get().readList(PassRecord.class, "/history"), out);
                return 0;
            }
        }
        List<PassRecord> passes;
        try (SqliteStateStore store = SqliteStateStore.openReadOnly(state.state, Clock.systemUTC())) {
            passes = store.history(Optional.ofNullable(component), limit);
        }
        print(passes, out);
        return 0;
    }

    private void print(List<PassRecord> passes, PrintWriter out) {
        if (format == Format.json) {
            out.println(Json.write(passes));
        } else if (passes.isEmpty()) {
            out.println("No passes recorded.");
        } else {
            passes.forEach(p -> out.print(text(p)));
        }
        out.flush();
    }

    /** {@code 12.3ms}: phases range from microseconds (a local ls-remote) to minutes (a step). */
    private static String millis(double seconds) {
        return String.format(java.util.Locale.ROOT, "%.1fms", seconds * 1000);
    }

    static String text(PassRecord p) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("pass %d  %s  %-11s %s  commit %s%n", p.id(), p.startedAt(), p.result(), p.trigger(),
                p.commit().map(c -> c.substring(0, Math.min(12, c.length()))).orElse("-")));
        p.signer().ifPresent(signer -> out.append("  signed by ").append(signer).append('\n'));
        if (!p.phaseSeconds().isEmpty()) {
            out.append("  phases ").append(p.phaseSeconds().entrySet().stream()
                    .map(phase -> phase.getKey() + " " + millis(phase.getValue()))
                    .collect(java.util.stream.Collectors.joining(", "))).append('\n');
        }
        if (!p.reason().isEmpty()) {
            out.append("  ").append(p.reasonCode().map(code -> "[" + code + "] ").orElse("")).append(p.reason()).append('\n');
        }
        for (ChangeRecord c : p.changes()) {
            out.append(String.format("  %-24s %s -> %s (%s)%n", c.component(), c.from().orElse("(none)"),
                    c.to().orElse("(none)"), c.kind()));
        }
        for (StepRecord s : p.steps()) {
            out.append(String.format("    %-9s %-20s %-10s %-22s %-7s %-11s %s%s%n", s.phase(), s.component(), s.version(),
                    s.stepId(), s.kind(), s.outcome().orElse("unfinished"),
                    s.duration().map(d -> d.toMillis() + "ms").orElse(""), s.corrective() ? " corrective" : ""));
            s.error().ifPresent(e -> out.append("      error: ").append(e).append('\n'));
        }
        return out.toString();
    }
}
