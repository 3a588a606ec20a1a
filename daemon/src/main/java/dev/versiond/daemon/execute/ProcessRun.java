package dev.versiond.daemon.execute;

import java.util.Objects;

/**
 * How a process ended.
 *
 * @param ending whether it exited, was killed at its timeout, or never started
 * @param exitCode the exit status when it exited, else -1
 * @param output the tail of its merged stdout and stderr
 * @param problem a human sentence when it did not exit 0 ("exited with status 2"), else empty
 */
record ProcessRun(Ending ending, int exitCode, String output, String problem) {
    enum Ending { EXITED, TIMED_OUT, NOT_STARTED, INTERRUPTED }

    ProcessRun {
        Objects.requireNonNull(ending, "ending");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(problem, "problem");
    }

    static ProcessRun exited(int exitCode, String output) {
        return new ProcessRun(Ending.EXITED, exitCode, output,
                exitCode == 0 ? "" : "exited with status " + exitCode);
    }

    static ProcessRun notStarted(String problem) {
        return new ProcessRun(Ending.NOT_STARTED, -1, "", problem);
    }

    boolean succeeded() {
        return ending == Ending.EXITED && exitCode == 0;
    }

    /** It ran to its end (with any status): its answer can be trusted, unlike a timeout or a failed start. */
    boolean answered() {
        return ending == Ending.EXITED;
    }
}
