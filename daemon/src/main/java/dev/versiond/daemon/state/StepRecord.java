package dev.versiond.daemon.state;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One journaled step: written as started before any side effect, completed as finished after.
 *
 * @param phase the {@link JournalPhase#word()} stored for it ({@code up}, {@code on-change}, …)
 * @param outcome the {@link StepOutcome#word()} stored for it, or empty while unfinished (a crash leaves it
 *     so until the next process closes the pass)
 * @param corrective whether it corrected drift rather than carrying out an intended change
 */
public record StepRecord(long id, long passId, String component, String version, String stepId, String phase,
                         String kind, String checksum, Instant startedAt, Optional<Instant> finishedAt,
                         Optional<String> outcome, Optional<Duration> duration, Optional<String> error,
                         String outputTail, boolean corrective) {
}
