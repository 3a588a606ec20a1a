package dev.versiond.daemon.cli;

import dev.versiond.daemon.config.StatusConfig;
import dev.versiond.daemon.fleet.StatusPublisher;
import dev.versiond.daemon.fleet.StatusReporting;
import dev.versiond.daemon.reconcile.EngineAgent;
import dev.versiond.daemon.reconcile.PassListener;
import java.util.Optional;
import dev.versiond.daemon.execute.StepResult;
import dev.versiond.daemon.plan.PlannedStep;
import dev.versiond.daemon.reconcile.Engine;
import dev.versiond.daemon.reconcile.PassOutcome;
import dev.versiond.daemon.reconcile.PassReport;
import dev.versiond.daemon.reconcile.ProgressSink;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code versiond apply --once}: one pass, for humans and cron. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Run one reconcile pass: poll, plan, apply, record. Progress goes to stderr.",
                "Exits 0 when the host converged, 1 when the pass failed or rolled back, 3 when it applied what it "
                        + "could but a component is blocked, degraded or waiting."})
final class ApplyCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private EngineOptions options;

    @Mixin
    private StatusOptions status = new StatusOptions();

    @Option(names = "--once", required = true, description = "Run exactly one pass and exit (the daemon is `versiond run`).")
    private boolean once;

    @Override
    public Integer call() {
        if (!once) {
            throw new VersiondException(ErrorCode.USAGE, "apply runs one pass: pass --once (the daemon is `versiond run`)");
        }
        PrintWriter err = spec.commandLine().getErr();
        Optional<StatusConfig> statusConfig = status.toConfig(options.trust);
        if (statusConfig.isPresent()) {
            return reporting(statusConfig.get(), err);
        }
        try (Engine engine = Engine.open(options.toEngineOptions(false), Clock.systemUTC())) {
            PassReport report = engine.reconciler().pass("cli", true, false, progress(err), () -> false);
            PassOutcome outcome = report.outcome();
            err.println(outcome.result() + ": " + outcome.summary());
            err.flush();
            return ExitCode.ofApply(outcome, report.after()).code();
        }
    }

    /** The pass with host status in Git: gates read from the status repository, the report pushed after it. */
    private int reporting(StatusConfig config, PrintWriter err) {
        Engine.Options engineOptions = options.toEngineOptions(false);
        Clock clock = Clock.systemUTC();
        try (StatusReporting reporting = StatusReporting.open(config, engineOptions.stateDir(),
                engineOptions.host().name(), clock);
             Engine engine = Engine.open(engineOptions, clock, reporting.fleet())) {
            EngineAgent agent = new EngineAgent(engine, clock, PassListener.NONE, reporting::push);
            StatusPublisher publisher = reporting.publisher(agent::status, StatusPublisher.PushListener.NONE);
            java.time.Instant started = clock.instant();
            PassReport report = agent.pass("cli", Optional.of(progress(err)));
            PassOutcome outcome = report.outcome();
            err.println(outcome.result() + ": " + outcome.summary());
            Optional<String> pushError = publisher.publishOnce(outcome, java.time.Duration.between(started, clock.instant()));
            err.println(pushError.map(e -> "status push failed (the pass is not affected): " + e)
                    .orElse("status pushed to " + config.displayRepo()));
            err.flush();
            return ExitCode.ofApply(outcome, report.after()).code();
        }
    }

    /** {@code [3/12] cms-backend 1.2.0 switch-current ... ok 41ms} */
    static ProgressSink progress(PrintWriter err) {
        return new ProgressSink() {
            @Override
            public void started(int index, int total, PlannedStep step) {
            }

            @Override
            public void finished(int index, int total, PlannedStep step, StepResult result) {
                String word = switch (result.outcome()) {
                    case APPLIED -> "ok";
                    case SKIPPED -> "skipped";
                    case FAILED -> "FAILED";
                };
                String phase = step.phase().word();
                err.printf("[%d/%d] %s %s %s%s ... %s %dms%s%n", index, total, step.component(), step.version(),
                        step.step().id(), phase.equals("up") ? "" : " (" + phase + ")", word, result.duration().toMillis(),
                        result.error().map(e -> ": " + e).orElse(""));
                err.flush();
            }
        };
    }
}
