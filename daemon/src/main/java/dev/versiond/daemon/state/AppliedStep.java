package dev.versiond.daemon.state;

import java.util.Objects;
import java.util.Optional;

/**
 * A step as recorded when it was applied: its resolved definition (canonical JSON, so a downgrade
 * works even when the migration file is gone from Git), its checksum, and what was on the host
 * before it ran (so it can be undone).
 *
 * @param section {@code up} for a migration's up step, {@code down} for its explicit down steps
 *     (recorded, not run, when the version is applied)
 * @param priorJson the captured prior state, for file and link steps
 */
public record AppliedStep(String section, int seq, String stepId, String kind, String definitionJson,
                          String checksum, Optional<String> priorJson) {
    public AppliedStep {
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(definitionJson, "definitionJson");
        Objects.requireNonNull(checksum, "checksum");
        Objects.requireNonNull(priorJson, "priorJson");
    }

    public static final String UP = "up";
    public static final String DOWN = "down";
}
