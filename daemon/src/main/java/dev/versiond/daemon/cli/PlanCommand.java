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
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
                "Exits 0 when there is nothing to do, 2 when a pass would change the host, 3 when a component "
                        + "is blocked, degraded or waiting (3 wins over 2)."})
final class PlanCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private EngineOptions options;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    private Format format;

    @Override
    public Integer call() {
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

    private int plan(Path stateDir) {
        try (Engine engine = Engine.open(options.toEngineOptions(true, stateDir), Clock.systemUTC())) {
            PassReport report = engine.reconciler().pass("plan", false, false, ProgressSink.none(), () -> false);
            if (report.plan().isEmpty()) {
                spec.commandLine().getErr().println("versiond: " + report.outcome().summary());
                return (report.outcome() instanceof PassOutcome.Failed failed ? ExitCode.of(failed.code()) : ExitCode.FAILED).code();
            }
            PlanView view = PlanViews.of(report.plan().get(), engine.settings().root(),
                    new HostStepExecutor(ExecutorOptions.defaults()), report.redactor());
            PrintWriter out = spec.commandLine().getOut();
            out.println(format == Format.json ? Json.write(view) : PlanText.render(view));
            out.flush();
            return ExitCode.of(report.plan().get()).code();
        }
    }
}
