package dev.versiond.daemon.state;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One pass in the history, like a row of a migration tool's history table.
 *
 * @param trigger what started it: poll, sync (HTTP), cli, startup, baseline, repair, retry
 * @param result the {@link PassResult#word()} stored for it, as any version of versiond wrote it
 *     ({@code running}, {@code applied}, {@code rolled_back}, {@code degraded}, {@code interrupted}, {@code failed})
 * @param reasonCode the typed reason of a rolled-back or degraded pass ({@link Reason#word()})
 * @param changes the component moves it made (from → to)
 * @param steps the steps it ran, in the order they ran
 */
public record PassRecord(long id, String trigger, Optional<String> commit, Optional<String> signer, Instant startedAt,
                         Optional<Instant> finishedAt, String result, String reason, Optional<String> reasonCode,
                         List<ChangeRecord> changes, List<StepRecord> steps) {
    public PassRecord {
        java.util.Objects.requireNonNull(reasonCode, "reasonCode");
        changes = List.copyOf(changes);
        steps = List.copyOf(steps);
    }

    /** A pass without a typed reason. */
    public PassRecord(long id, String trigger, Optional<String> commit, Optional<String> signer, Instant startedAt,
                      Optional<Instant> finishedAt, String result, String reason, List<ChangeRecord> changes,
                      List<StepRecord> steps) {
        this(id, trigger, commit, signer, startedAt, finishedAt, result, reason, Optional.empty(), changes, steps);
    }
}
