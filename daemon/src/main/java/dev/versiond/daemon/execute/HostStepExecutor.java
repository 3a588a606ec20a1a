package dev.versiond.daemon.execute;

import dev.versiond.daemon.snapshot.SnapshotRunner;
import dev.versiond.daemon.snapshot.SnapshotStore;
import dev.versiond.daemon.sql.Databases;
import dev.versiond.daemon.sql.SqlStepRunner;
import dev.versiond.spec.model.CheckStep;
import dev.versiond.spec.model.FileStep;
import dev.versiond.spec.model.LinkStep;
import dev.versiond.spec.model.RunStep;
import dev.versiond.spec.model.Probe;
import dev.versiond.spec.model.ServiceStep;
import dev.versiond.spec.model.SnapshotStep;
import dev.versiond.spec.model.SqlStep;
import dev.versiond.spec.model.Step;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Carries steps out on this host, under its {@link HostRoot}: processes without a shell unless
 * asked, atomic file writes, atomic symlink swaps, {@code systemctl}, checks.
 *
 * <p>What the host did is a result: a failing command, a timeout, a refused path (a symbolic link
 * where a file goes, a directory where a link goes) is a {@link StepResult.Outcome#FAILED} result.
 * What the desired state got wrong is an exception: a template variable that is not defined
 * ({@code TemplateException}) or a path that leaves the root ({@code VersiondException} from
 * {@link HostRoot#resolve}) propagate, because no retry on any host could fix them.
 *
 * <p>Every kind honours {@code retries}: a failed attempt is repeated after 1s, 2s, 4s… (capped at
 * {@link ExecutorOptions#maxBackoff()}). A check's attempts are a whole deadline each. A {@code snapshot}
 * step's capture, restore and free-space preflight are carried out by {@link SnapshotRunner}. The timeout
 * of {@code file} and {@code link} steps is not enforced: they do not wait on anything.
 */
public final class HostStepExecutor implements StepExecutor {
    private final RunStepRunner runs;
    private final AtomicFileWriter files;
    private final LinkSwitcher links;
    private final ServiceRunner services;
    private final CheckRunner checks;
    private final Optional<SnapshotRunner> snapshots;
    private final Attempts attempts;
    private final SqlStepRunner sql;

    /**
     * An executor for this host that has no state directory for snapshots (previews, tests of other
     * kinds): a {@code snapshot} step fails with a clear error; it knows no named databases (sql
     * steps on SQLite files only). {@link ExecutorOptions#defaults()} for the real one.
     */
    public HostStepExecutor(ExecutorOptions options) {
        this(options, Optional.empty(), Databases.none());
    }

    /** An executor for this host that keeps the snapshots of {@code snapshot} steps in {@code snapshots}. */
    public HostStepExecutor(ExecutorOptions options, SnapshotStore snapshots) {
        this(options, Optional.of(snapshots), Databases.none());
    }

    /**
     * An executor for this host with a snapshot store and the databases {@code sql} steps may name.
     */
    public HostStepExecutor(ExecutorOptions options, SnapshotStore snapshots, Databases databases) {
        this(options, Optional.of(snapshots), databases);
    }

    private HostStepExecutor(ExecutorOptions options, Optional<SnapshotStore> store, Databases databases) {
        Objects.requireNonNull(options, "options");
        this.snapshots = store.map(s -> new SnapshotRunner(s, databases, options.clock()));
        this.attempts = new Attempts(options.clock(), options.sleeper(), options.maxBackoff());
        this.sql = new SqlStepRunner(databases, options.clock());
        ProcessRunner processes = new ProcessRunner(options.outputTailBytes());
        this.runs = new RunStepRunner(processes, attempts);
        this.files = new AtomicFileWriter(attempts);
        this.links = new LinkSwitcher(attempts);
        this.services = new ServiceRunner(options.systemctlCommand(), processes, attempts);
        this.checks = new CheckRunner(processes, attempts, options.clock());
    }

    // Java 17 has no pattern matching in switch: the kinds are told apart with instanceof, in one
    // place per operation. Step is sealed, so the final cast cannot fail.

    @Override
    public Prior capture(Step step, StepContext context) {
        if (step instanceof FileStep file) {
            return files.capture(file, context);
        }
        if (step instanceof LinkStep link) {
            return links.capture(link, context);
        }
        if (step instanceof SnapshotStep snapshot) {
            return new Prior.SnapshotState(SnapshotRunner.id(snapshot, context));
        }
        return Prior.nothing();
    }

    @Override
    public StepResult apply(Step step, StepContext context) {
        if (step instanceof RunStep run) {
            return runs.apply(run, context);
        }
        if (step instanceof FileStep file) {
            return files.apply(file, context);
        }
        if (step instanceof LinkStep link) {
            return links.apply(link, context);
        }
        if (step instanceof ServiceStep service) {
            return services.apply(service, context);
        }
        if (step instanceof SqlStep q) {
            return sql.apply(q, context);
        }
        if (step instanceof SnapshotStep snapshot) {
            if (snapshots.isPresent() && snapshots.get().kept(snapshot, context)) {
                return StepResult.skipped("snapshot " + SnapshotRunner.id(snapshot, context) + " was taken before a "
                        + "crash cut the pass short; kept as the rollback point", Duration.ZERO);
            }
            return snapshot(step, (runner) -> runner.capture(snapshot, context));
        }
        CheckStep check = (CheckStep) step;
        if (check.probe() instanceof Probe.Space space) {
            return snapshot(step, (runner) -> runner.checkSpace(space, context));
        }
        return checks.apply(check, context);
    }

    @Override
    public StepResult reverse(Step step, Prior prior, StepContext context) {
        if (step instanceof RunStep run) {
            return runs.reverse(run, context);
        }
        if (step instanceof FileStep file) {
            return files.reverse(file, prior, context);
        }
        if (step instanceof LinkStep link) {
            return links.reverse(link, prior, context);
        }
        if (step instanceof ServiceStep service) {
            return services.reverse(service, context);
        }
        if (step instanceof SqlStep q) {
            return sql.reverse(q, context);
        }
        if (step instanceof SnapshotStep snapshot) {
            String id = prior instanceof Prior.SnapshotState s ? s.id() : SnapshotRunner.id(snapshot, context);
            return snapshot(step, (runner) -> runner.restore(snapshot, context, id));
        }
        return StepResult.skipped("nothing to undo", Duration.ZERO);
    }

    /**
     * A file compares content and mode, a link its target; a run step is known done when its
     * {@code creates} path exists (or its {@code unless} exits 0); a service step asks
     * {@code systemctl is-active}/{@code is-enabled} for start/stop/enable/disable; a sql step reads
     * its row in the database's {@code versiond_schema_history} (and its {@code probe} query on
     * MariaDB). Otherwise empty.
     */
    @Override
    public Optional<Boolean> probe(Step step, StepContext context) {
        if (step instanceof RunStep run) {
            return runs.probe(run, context);
        }
        if (step instanceof FileStep file) {
            return files.probe(file, context);
        }
        if (step instanceof LinkStep link) {
            return links.probe(link, context);
        }
        if (step instanceof ServiceStep service) {
            return services.probe(service, context);
        }
        if (step instanceof SqlStep q) {
            return sql.probe(q, context);
        }
        if (step instanceof SnapshotStep snapshot && snapshots.isPresent()) {
            return Optional.of(snapshots.get().complete(snapshot, context));
        }
        return Optional.empty();
    }

    @Override
    public Optional<Boolean> probe(Step step, Prior prior, StepContext context) {
        if (step instanceof SnapshotStep && prior instanceof Prior.SnapshotState s && snapshots.isPresent()) {
            return Optional.of(snapshots.get().complete(s.id()));
        }
        return probe(step, context);
    }

    /** What a snapshot operation does, failing with an exception. */
    private interface SnapshotWork {
        String run(SnapshotRunner runner) throws IOException;
    }

    /** A snapshot capture, restore or space check, with the step's retries. */
    private StepResult snapshot(Step step, SnapshotWork work) {
        if (snapshots.isEmpty()) {
            return StepResult.failed("step '" + step.id() + "' needs a state directory for its snapshots, and this "
                    + "executor has none", "", Duration.ZERO, 0);
        }
        return attempts.repeat(attempts.now(), step.common().retries(), () -> {
            try {
                return Attempt.ok(work.run(snapshots.get()));
            } catch (IOException e) {
                return Attempt.failed(e.getMessage(), "");
            }
        });
    }

    @Override
    public byte[] render(FileStep step, StepContext context) {
        return files.render(step, context);
    }
}
