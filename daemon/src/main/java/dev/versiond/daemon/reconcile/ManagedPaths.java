package dev.versiond.daemon.reconcile;

import dev.versiond.daemon.execute.HostObserver;
import dev.versiond.daemon.execute.Prior;
import dev.versiond.daemon.execute.StepContext;
import dev.versiond.daemon.execute.StepExecutor;
import dev.versiond.daemon.plan.Fingerprints;
import dev.versiond.daemon.plan.PlannedStep;
import dev.versiond.daemon.plan.StepPhase;
import dev.versiond.daemon.state.Managed;
import dev.versiond.daemon.state.RecordedState;
import dev.versiond.daemon.state.StateStore;
import dev.versiond.spec.model.FileStep;
import dev.versiond.spec.model.LinkStep;
import dev.versiond.spec.model.Step;
import dev.versiond.spec.model.StepCodec;
import dev.versiond.spec.model.Version;
import java.util.Optional;

/**
 * Books which files and links versiond manages, and what each should hold, as steps write and
 * restore them: drift detection and self-healing compare the host with these records.
 */
final class ManagedPaths {
    private final StateStore store;
    private final StepExecutor executor;
    private final HostObserver observer;
    private final RecordedState recorded;

    ManagedPaths(StateStore store, StepExecutor executor, HostObserver observer, RecordedState recorded) {
        this.store = store;
        this.executor = executor;
        this.observer = observer;
        this.recorded = recorded;
    }

    /** After a file or link step was applied: versiond manages its path, with what the step wrote. */
    void applied(String component, PlannedStep ps, StepContext ctx) {
        String origin = component + "/" + (ps.phase() == StepPhase.CONVERGE ? "config" : ps.version().toString())
                + "/" + ps.step().id();
        if (ps.step() instanceof FileStep file) {
            store.recordManaged(new Managed(file.path(), component, "file",
                    Fingerprints.file(executor.render(file, ctx), file.mode()), origin));
        } else if (ps.step() instanceof LinkStep link) {
            store.recordManaged(new Managed(link.path(), component, "link", link.target(), origin));
        }
    }

    /** After a file or link was restored to its prior state: who manages the path now, if anyone. */
    void restored(String component, Version reversed, Step step, Prior prior) {
        Optional<String> path = pathOf(step);
        if (path.isEmpty()) {
            return;
        }
        Optional<String> origin = lowerWriter(component, reversed, path.get());
        if (origin.isPresent() && prior instanceof Prior.FileState f && f.existed()) {
            store.recordManaged(new Managed(path.get(), component, "file", Fingerprints.file(f.content().orElseThrow(), f.mode()),
                    origin.get()));
        } else if (origin.isPresent() && prior instanceof Prior.LinkState l && l.target().isPresent()) {
            store.recordManaged(new Managed(path.get(), component, "link", observer.toHostForm(l.target().get()), origin.get()));
        } else {
            store.forgetManaged(path.get());
        }
    }

    private static Optional<String> pathOf(Step step) {
        if (step instanceof FileStep f) {
            return Optional.of(f.path());
        }
        return step instanceof LinkStep l ? Optional.of(l.path()) : Optional.empty();
    }

    /** The step of a lower applied version that wrote a path, as {@code component/version/step}. */
    private Optional<String> lowerWriter(String component, Version below, String path) {
        return recorded.component(component).flatMap(rc -> rc.applied().headMap(below, false).descendingMap().values()
                .stream().flatMap(av -> av.up().stream()
                        .filter(s -> (s.kind().equals("file") || s.kind().equals("link"))
                                && pathOf(StepCodec.decode(s.definitionJson(), "recorded " + component + " " + av.version()))
                                .filter(path::equals).isPresent())
                        .map(s -> component + "/" + av.version() + "/" + s.stepId()))
                .findFirst());
    }
}
