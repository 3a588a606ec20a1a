package dev.versiond.daemon.notify;

import java.util.Locale;

/**
 * What a notification is about. Every kind but {@link #RECOVERED} and the {@link #notice() notices} is a
 * problem that stays open until a pass shows it gone; {@link #RECOVERED} closes one. A new problem is one
 * more constant here and one more rule in {@link EventDeriver}: the sinks need no change.
 */
public enum EventKind {
    /** A pass failed and reversed its changes; the component stays at its recorded version, blocked at the commit. */
    ROLLED_BACK("VersiondRolledBack", "warning"),
    /** A pass failed before or outside any step: the remote, the spec, the state store. */
    FAILED("VersiondPassFailed", "warning"),
    /** An undo failed or the restored version failed its checks: the host needs an operator. */
    DEGRADED("VersiondDegraded", "critical"),
    /** The commit read was refused: a signature that does not hold, or not a descendant of the last applied one. */
    UNTRUSTED_COMMIT("VersiondUntrustedCommit", "critical"),
    /** A config value's secret could not be read, so its component is blocked. */
    SECRET_MISSING("VersiondSecretMissing", "warning"),
    /**
     * The fleet's rollout of the commit halted (its error budget spent by the earlier waves): this host's
     * component stays on its recorded version until a new commit.
     */
    ROLLOUT_HALTED("VersiondRolloutHalted", "critical"),
    /**
     * A rollback or downgrade took longer than the {@code rto} its migration declared. A notice, not a
     * lasting problem: told once, for that reversal, and never recovered.
     */
    RTO_EXCEEDED("VersiondRtoExceeded", "warning"),
    /** The first good pass after one of the problems above: that problem is gone. */
    RECOVERED("VersiondRecovered", "info");

    private final String alertName;
    private final String severity;

    EventKind(String alertName, String severity) {
        this.alertName = alertName;
        this.severity = severity;
    }

    /**
     * Whether this kind tells of something that happened and is over ({@link #RTO_EXCEEDED}): told once,
     * never open, so never {@link #RECOVERED}.
     */
    public boolean notice() {
        return this == RTO_EXCEEDED;
    }

    /** The machine-readable form: {@code rolled_back}, {@code untrusted_commit}, … (the webhook's {@code event}). */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The Alertmanager {@code alertname} of this problem. */
    public String alertName() {
        return alertName;
    }

    /** The {@code severity} label a routing tree matches on: {@code critical}, {@code warning} or {@code info}. */
    public String severity() {
        return severity;
    }
}
