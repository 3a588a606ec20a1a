package dev.versiond.spec.model;

import java.time.Duration;
import java.util.Map;

/**
 * One step of a migration: the closed set of things versiond does to a host. Each kind knows
 * whether it can be reversed and how its definition is written canonically for checksums.
 */
public sealed interface Step permits RunStep, FileStep, LinkStep, ServiceStep, CheckStep,
        SnapshotStep, SqlStep {

    StepCommon common();

    /** The step kind as written in YAML: {@code run}, {@code file}, {@code link}, {@code service}, {@code check},
     * {@code snapshot}, {@code sql}. */
    String kind();

    /**
     * Whether this step can be undone: explicitly ({@code run} with {@code down}), automatically
     * ({@code file}, {@code link}: the previous state captured at apply time; {@code service}: the
     * opposite action; {@code check}: nothing to undo; {@code snapshot}: the captured
     * paths and databases restored), unless declared {@code irreversible}.
     */
    boolean hasInverse();

    /** The kind's own fields as plain maps, lists and strings, for the canonical form and checksums. */
    Map<String, Object> definition();

    /** How long one attempt may take: the declared timeout or the kind's default. */
    Duration effectiveTimeout();

    default String id() {
        return common().id();
    }

    default Position position() {
        return common().position();
    }
}
