package dev.versiond.daemon.api;

import dev.versiond.daemon.reconcile.AgentStatus;
import dev.versiond.daemon.reconcile.ComponentStatus;
import dev.versiond.daemon.reconcile.Progress;
import dev.versiond.daemon.reconcile.Untrusted;
import dev.versiond.daemon.source.Commit;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON of {@code GET /status}: {@link AgentStatus} with states by their operator labels ({@code Synced},
 * {@code Waiting}…), the phase in lower case, and the progress of a running pass as {@code "i/n"}, also on the
 * component it is at, and of the revision only what operators and the CLI read.
 */
record StatusView(String host, Map<String, String> labels, boolean ready, boolean suspended, String phase,
                  Optional<RevisionView> revision, Optional<Instant> nextWindow, Optional<ProgressView> progress,
                  Optional<String> lastError, Optional<Instant> lastSuccess, List<ComponentView> components,
                  Optional<Untrusted> untrusted, List<RollbackView> rollbacks,
                  Optional<dev.versiond.daemon.reconcile.StatusPush> statusPush, Optional<StaleView> stale,
                  Optional<String> lastErrorReason) {

    /** The commit served is older than {@code max-commit-age}. */
    record StaleView(String reasonCode, String reason) {
    }

    /**
     * The last rollback or downgrade of a component: how long it took, its migration's rto, and whether
     * it took longer.
     */
    record RollbackView(String component, String kind, double seconds, Optional<Double> rtoSeconds, boolean rtoExceeded) {
        static RollbackView of(dev.versiond.daemon.state.ChangeRecord c) {
            return new RollbackView(c.component(), c.kind(), c.duration().orElseThrow().toMillis() / 1000.0,
                    c.rto().map(r -> r.toMillis() / 1000.0), c.exceededRto());
        }
    }

    /**
     * The last commit read, as {@code /status} has always shown it (the CLI's {@code status} and fleet
     * scripts parse these names).
     */
    record RevisionView(String commit, String ref, Instant commitTime, Instant fetchedAt, Optional<String> signer) {
        static RevisionView of(Commit c) {
            return new RevisionView(c.id(), c.ref(), c.committedAt(), c.fetchedAt(), c.signer());
        }
    }

    record ProgressView(int done, int total, String text, String component, String version, String step) {
        static ProgressView of(Progress p) {
            return new ProgressView(p.done(), p.total(), p.done() + "/" + p.total(), p.component(), p.version(),
                    p.step());
        }

        String currentStep() {
            return text + " " + version + "/" + step;
        }
    }

    /**
     * @param reasonCode the typed reason ({@code checksum-mismatch}, {@code window-closed}, …)
     * @param progress {@code "i/n version/step"} while a pass is at this component
     */
    record ComponentView(String name, Optional<String> recorded, Optional<String> desired, String state,
                         Optional<String> reason, Optional<String> reasonCode, Optional<String> lastError,
                         Optional<String> progress) {
    }

    static StatusView of(AgentStatus s) {
        Optional<ProgressView> progress = s.progress().map(ProgressView::of);
        List<ComponentView> components = s.components().stream().map(c -> component(c, progress)).toList();
        return new StatusView(s.host(), s.labels(), s.ready(), s.suspended(),
                s.phase().name().toLowerCase(Locale.ROOT), s.revision().map(RevisionView::of), s.nextWindow(), progress, s.lastError(),
                s.lastSuccess(), components, s.untrusted(), s.reversals().stream().map(RollbackView::of).toList(),
                s.statusPush(), s.stale().map(text -> new StaleView(dev.versiond.daemon.state.Reason.STALE_COMMIT.word(), text)),
                s.lastErrorReason().map(dev.versiond.daemon.state.Reason::word));
    }

    private static ComponentView component(ComponentStatus c, Optional<ProgressView> progress) {
        return new ComponentView(c.name(), c.recorded(), c.desired(), c.state().label(), c.reason(),
                c.code().map(dev.versiond.daemon.state.Reason::word), c.lastError(),
                progress.filter(p -> p.component().equals(c.name())).map(ProgressView::currentStep));
    }
}
