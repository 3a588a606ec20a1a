package dev.versiond.daemon.execute;

import dev.versiond.spec.model.CheckStep;
import dev.versiond.spec.model.FileStep;
import dev.versiond.spec.model.LinkStep;
import dev.versiond.spec.model.RunStep;
import dev.versiond.spec.model.ServiceStep;
import dev.versiond.spec.model.Step;
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
 * {@link ExecutorOptions#maxBackoff()}). A check's attempts are a whole deadline each. The timeout
 * of {@code file} and {@code link} steps is not enforced: they do not wait on anything.
 */
public final class HostStepExecutor implements StepExecutor {
    private final RunStepRunner runs;
    private final AtomicFileWriter files;
    private final LinkSwitcher links;
    private final ServiceRunner services;
    private final CheckRunner checks;

    /** An executor for this host; {@link ExecutorOptions#defaults()} for the real one. */
    public HostStepExecutor(ExecutorOptions options) {
        Objects.requireNonNull(options, "options");
        Attempts attempts = new Attempts(options.clock(), options.sleeper(), options.maxBackoff());
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
        return checks.apply((CheckStep) step, context);
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
        return StepResult.skipped("nothing to undo", Duration.ZERO);
    }

    /**
     * A file compares content and mode, a link its target; a run step is known done when its
     * {@code creates} path exists (or its {@code unless} exits 0); a service step asks
     * {@code systemctl is-active}/{@code is-enabled} for start/stop/enable/disable. Otherwise empty.
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
        return Optional.empty();
    }

    @Override
    public byte[] render(FileStep step, StepContext context) {
        return files.render(step, context);
    }
}
