package dev.versiond.spec.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The fields every step has.
 *
 * @param id unique within its migration (or config section); with the component and version it
 *     is the step's identity, never the file it was written in
 * @param description free text for humans, optional
 * @param timeout how long one attempt may take; empty means the kind's default
 * @param retries extra attempts after a failure (0 = run once)
 * @param irreversible declared to have no inverse: a downgrade across it is refused
 * @param position where the step starts in YAML
 */
public record StepCommon(String id, Optional<String> description, Optional<Duration> timeout, int retries,
                         boolean irreversible, Position position) {
    /** Lower-case letters, digits, '-', '_' and '.', starting with a letter or digit. */
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    public StepCommon {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(position, "position");
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be >= 0: " + retries);
        }
    }

    public static StepCommon of(String id, Position position) {
        return new StepCommon(id, Optional.empty(), Optional.empty(), Defaults.RETRIES, false, position);
    }
}
