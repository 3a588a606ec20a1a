package dev.versiond.daemon.reconcile;

import java.time.Duration;

/**
 * What the engine reports while it works, so that metrics (and anything else watching) need no
 * knowledge of its insides and the engine none of Micrometer. Called on the thread that runs the
 * pass; implementations must be quick and must not throw. Every method does nothing by default.
 */
public interface PassListener {

    /** A listener that ignores everything (CLI one-shot commands, tests). */
    PassListener NONE = new PassListener() {
    };

    /** Each of {@code listeners} in turn, each told everything (the daemon's metrics and notifications). */
    static PassListener all(java.util.List<PassListener> listeners) {
        java.util.List<PassListener> copy = java.util.List.copyOf(listeners);
        return new PassListener() {
            @Override
            public void passFinished(PassOutcome outcome, Duration duration) {
                copy.forEach(l -> l.passFinished(outcome, duration));
            }

            @Override
            public void passPhases(PhaseTimes times) {
                copy.forEach(l -> l.passPhases(times));
            }

            @Override
            public void passSettled(PassReport report, AgentStatus after) {
                copy.forEach(l -> l.passSettled(report, after));
            }

            @Override
            public void stepFinished(String kind, String outcome, Duration duration) {
                copy.forEach(l -> l.stepFinished(kind, outcome, duration));
            }

            @Override
            public void untrusted(Untrusted refused) {
                copy.forEach(l -> l.untrusted(refused));
            }

            @Override
            public void reversalTimed(dev.versiond.daemon.state.ChangeRecord reversal) {
                copy.forEach(l -> l.reversalTimed(reversal));
            }

            @Override
            public void rolledBack() {
                copy.forEach(PassListener::rolledBack);
            }

            @Override
            public void statusChanged(AgentStatus status) {
                copy.forEach(l -> l.statusChanged(status));
            }
        };
    }

    /** Once per pass, whatever the trigger, after it is recorded: how it ended and how long it took. */
    default void passFinished(PassOutcome outcome, Duration duration) {
    }

    /** Once per pass, after {@link #passFinished}: how long each phase it reached took. */
    default void passPhases(PhaseTimes times) {
    }

    /**
     * Once per pass, after {@link #passFinished}: the whole report and the status the pass left, as one
     * pair, for listeners that describe what changed (notifications) rather than count it.
     */
    default void passSettled(PassReport report, AgentStatus after) {
    }

    /**
     * Once per step run (including preflight, verify and rollback steps).
     *
     * @param kind the step kind: run, file, link, service, check
     * @param outcome applied, skipped or failed, as in {@link dev.versiond.daemon.state.StepRecord#outcome()}
     */
    default void stepFinished(String kind, String outcome, Duration duration) {
    }

    /** Once per pass that refused its commit as untrusted (signature, or not a descendant of the last applied one). */
    default void untrusted(Untrusted refused) {
    }

    /**
     * Once per rollback or downgrade of a component, after its pass is recorded: how long it took and
     * the rto its migration declared ({@link dev.versiond.daemon.state.ChangeRecord#exceededRto()}).
     */
    default void reversalTimed(dev.versiond.daemon.state.ChangeRecord reversal) {
    }

    /** Once per pass whose changes were reversed after a failure. */
    default void rolledBack() {
    }

    /**
     * Whenever the status changes in a way operators see. {@code versiond run} already calls it at start and
     * after every pass; the engine calls it for the changes in between (suspend, resume, retry) and may call
     * it more often (e.g. as a pass moves from component to component).
     */
    default void statusChanged(AgentStatus status) {
    }
}
