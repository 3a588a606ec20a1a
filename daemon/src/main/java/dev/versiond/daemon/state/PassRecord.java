package dev.versiond.daemon.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;
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
 * @param phaseSeconds how long each phase took, in seconds, by phase ({@code ls-remote}, {@code fetch},
 *     {@code verify}, {@code load}, {@code plan}, {@code execute}, {@code record}) in the order they ran;
 *     empty for a pass recorded before versiond timed them, or cut short before its end
 */
public record PassRecord(long id, String trigger, Optional<String> commit, Optional<String> signer, Instant startedAt,
                         Optional<Instant> finishedAt, String result, String reason, Optional<String> reasonCode,
                         List<ChangeRecord> changes, List<StepRecord> steps, Map<String, Double> phaseSeconds) {
    public PassRecord {
        java.util.Objects.requireNonNull(reasonCode, "reasonCode");
        changes = List.copyOf(changes);
        steps = List.copyOf(steps);
        phaseSeconds = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(phaseSeconds));
    }

    /** A pass whose phases were not timed. */
    public PassRecord(long id, String trigger, Optional<String> commit, Optional<String> signer, Instant startedAt,
                      Optional<Instant> finishedAt, String result, String reason, Optional<String> reasonCode,
                      List<ChangeRecord> changes, List<StepRecord> steps) {
        this(id, trigger, commit, signer, startedAt, finishedAt, result, reason, reasonCode, changes, steps, Map.of());
    }

    /** A pass without a typed reason. */
    public PassRecord(long id, String trigger, Optional<String> commit, Optional<String> signer, Instant startedAt,
                      Optional<Instant> finishedAt, String result, String reason, List<ChangeRecord> changes,
                      List<StepRecord> steps) {
        this(id, trigger, commit, signer, startedAt, finishedAt, result, reason, Optional.empty(), changes, steps);
    }
}
