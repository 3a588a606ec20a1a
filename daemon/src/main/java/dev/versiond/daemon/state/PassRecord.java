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
 * @param changes the component moves it made (from → to)
 * @param steps the steps it ran, in the order they ran
 */
public record PassRecord(long id, String trigger, Optional<String> commit, Optional<String> signer, Instant startedAt,
                         Optional<Instant> finishedAt, String result, String reason, List<ChangeRecord> changes,
                         List<StepRecord> steps) {
    public PassRecord {
        changes = List.copyOf(changes);
        steps = List.copyOf(steps);
    }
}
