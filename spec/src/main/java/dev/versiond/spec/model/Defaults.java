package dev.versiond.spec.model;

import java.time.Duration;

/** Every default of the desired-state language, in one place (documented in docs/spec.md). */
public final class Defaults {
    /** How long a {@code run} step (or a command check attempt) may take before its process tree is killed. */
    public static final Duration RUN_TIMEOUT = Duration.ofMinutes(10);
    /** How long a {@code service} step may take. */
    public static final Duration SERVICE_TIMEOUT = Duration.ofMinutes(2);
    /** How long a {@code file} or {@code link} step may take. */
    /** How long a {@code sql} step's statements may run (and wait for the database's lock). */
    public static final Duration SQL_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration FILE_TIMEOUT = Duration.ofMinutes(1);
    /** Pause between two attempts of a check. */
    public static final Duration CHECK_INTERVAL = Duration.ofSeconds(2);
    /** How long a check is retried before it fails. */
    public static final Duration CHECK_DEADLINE = Duration.ofSeconds(60);
    /** How long one attempt of a check may take. */
    public static final Duration CHECK_ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    /** HTTP status a check expects when none is given. */
    public static final int CHECK_HTTP_STATUS = 200;
    /** Extra attempts of a failing step. */
    public static final int RETRIES = 0;
    /** Mode of a written file when none is given. */
    public static final int FILE_MODE = 0644;
    /** How long a {@code snapshot} step (capture or restore) may take. */
    public static final Duration SNAPSHOT_TIMEOUT = Duration.ofMinutes(30);
    /** How many snapshots of a component are kept when a snapshot step does not say. */
    public static final int SNAPSHOT_KEEP = 3;
    /** Bake time between two rollout waves when none is given. */
    public static final Duration ROLLOUT_BAKE = Duration.ofMinutes(30);

    private Defaults() {
    }
}
