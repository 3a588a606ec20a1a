package dev.versiond.daemon.cli;

import dev.versiond.daemon.execute.ExecutorOptions;
import dev.versiond.daemon.execute.HostRoot;
import dev.versiond.daemon.execute.HostStepExecutor;
import dev.versiond.daemon.reconcile.Engine;
import dev.versiond.daemon.reconcile.PassOutcome;
import dev.versiond.daemon.reconcile.PassReport;
import dev.versiond.daemon.reconcile.PlanView;
import dev.versiond.daemon.reconcile.PlanViews;
import dev.versiond.daemon.reconcile.ProgressSink;
import dev.versiond.daemon.plan.Action;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code versiond plan}: what a pass would do, changing nothing on the host. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Print what a pass would do (per component: recorded -> desired, each step with its state, "
                + "file diffs) without changing anything.",
                "When the --state directory does not exist, plans against no recorded state and creates nothing.",
                "Without --repo, shows the plan of the running agent (GET /plan; see --url) instead of making one.",
                "Exits 0 when there is nothing to do, 2 when a pass would change the host, 3 when a component "
                        + "is blocked, degraded or waiting (3 wins over 2)."})
final class PlanCommand implements Callable<Integer> {
    /** The components' actions ({@link Action#word()}) that hold a plan back: exit code 3, as a local plan gives. */
    private static final Set<String> HELD_ACTIONS =
            Set.of(Action.BLOCKED.word(), Action.DEGRADED.word(), Action.WAITING.word());

    @Spec
    private CommandSpec spec;

    @Mixin
    private EngineOptions options;

    @Mixin
    private AgentOptions agent;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    private Format format;

    @Override
    public Integer call() {
        if (options.repo == null) {
            return agentsPlan();
        }
        if (Files.exists(options.state)) {
            return plan(options.state);
        }
        // A preview must not create an agent's state directory (as root, /var/lib/versiond with its lock,
        // mirror and database): with nothing recorded, plan against an empty store that is thrown away.
        PrintWriter err = spec.commandLine().getErr();
        err.println("versiond: planning against no recorded state: " + options.state + " does not exist");
        err.flush();
        try (ScratchStateDirectory scratch = ScratchStateDirectory.create()) {
            return plan(scratch.path());
        }
    }

    /** The plan the running agent made from what it last fetched, as {@code GET /plan} serves it. */
    private int agentsPlan() {
        AgentClient client = agent.client();
        PlanView view = client.get("plan")
                .orElseThrow(() -> new VersiondException(ErrorCode.USAGE, "no agent answers at " + client.base()
                        + ": pass --repo URL|DIR to plan here, or --url to ask another agent"))
                .read(PlanView.class, "/plan");
        print(view);
        boolean held = view.components().stream().anyMatch(c -> HELD_ACTIONS.contains(c.action()));
        return (held ? ExitCode.HELD : view.hasChanges() ? ExitCode.CHANGES : ExitCode.OK).code();
    }

    private void print(PlanView view) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(format == Format.json ? Json.write(view) : PlanText.render(view));
        out.flush();
    }

    private int plan(Path stateDir) {
        try (Engine engine = Engine.open(options.toEngineOptions(true, stateDir), Clock.systemUTC())) {
            PassReport report = engine.reconciler().pass("plan", false, false, ProgressSink.none(), () -> false);
            if (report.plan().isEmpty()) {
                spec.commandLine().getErr().println("versiond: " + report.outcome().summary());
                return (report.outcome() instanceof PassOutcome.Failed failed ? ExitCode.of(failed.code()) : ExitCode.FAILED).code();
            }
            PlanView view = PlanViews.of(report.plan().get(), engine.settings().root(),
                    new HostStepExecutor(ExecutorOptions.defaults()), report.redactor());
            print(view);
            return ExitCode.of(report.plan().get()).code();
        }
    }
}
