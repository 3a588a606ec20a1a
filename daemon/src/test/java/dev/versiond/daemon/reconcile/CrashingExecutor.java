package dev.versiond.daemon.reconcile;

import dev.versiond.daemon.execute.Prior;
import dev.versiond.daemon.execute.StepContext;
import dev.versiond.daemon.execute.StepExecutor;
import dev.versiond.daemon.execute.StepResult;
import dev.versiond.spec.model.FileStep;
import dev.versiond.spec.model.Step;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * The real executor, except that the process "dies" just before the chosen call: an {@link Error}
 * that no catch in the engine handles, so nothing after it runs — no journal entry finished, no
 * pass closed — as with a SIGKILL at that instant. The next engine opened on the same state
 * directory is the restarted agent.
 */
final class CrashingExecutor implements StepExecutor {

    /** The simulated death of the process. */
    static final class Crash extends Error {
        Crash(String where) {
            super("simulated crash before " + where, null, false, false);
        }
    }

    private final StepExecutor delegate;
    private final BiPredicate<String, Step> dieBefore;

    /**
     * @param dieBefore given the call ({@code apply} or {@code reverse}) and the step, whether the process dies now
     */
    CrashingExecutor(StepExecutor delegate, BiPredicate<String, Step> dieBefore) {
        this.delegate = delegate;
        this.dieBefore = dieBefore;
    }

    @Override
    public Prior capture(Step step, StepContext context) {
        return delegate.capture(step, context);
    }

    @Override
    public StepResult apply(Step step, StepContext context) {
        if (dieBefore.test("apply", step)) {
            throw new Crash("apply " + step.id());
        }
        return delegate.apply(step, context);
    }

    @Override
    public StepResult reverse(Step step, Prior prior, StepContext context) {
        if (dieBefore.test("reverse", step)) {
            throw new Crash("reverse " + step.id());
        }
        return delegate.reverse(step, prior, context);
    }

    @Override
    public Optional<Boolean> probe(Step step, StepContext context) {
        return delegate.probe(step, context);
    }

    @Override
    public Optional<Boolean> probe(Step step, Prior prior, StepContext context) {
        return delegate.probe(step, prior, context);
    }

    @Override
    public byte[] render(FileStep step, StepContext context) {
        return delegate.render(step, context);
    }
}
