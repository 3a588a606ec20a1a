package dev.versiond.daemon.reconcile;

import dev.versiond.daemon.execute.StepResult;
import dev.versiond.daemon.plan.PlannedStep;

/** Told about each step as a pass runs it (the CLI prints it, the agent shows it in status). */
public interface ProgressSink {

    /** The plan a pass is about to carry out (before its first step). */
    default void planned(dev.versiond.daemon.plan.Plan plan) {
    }

    void started(int index, int total, PlannedStep step);

    void finished(int index, int total, PlannedStep step, StepResult result);

    /** Ignores everything. */
    static ProgressSink none() {
        return new ProgressSink() {
            @Override
            public void started(int index, int total, PlannedStep step) {
            }

            @Override
            public void finished(int index, int total, PlannedStep step, StepResult result) {
            }
        };
    }
}
