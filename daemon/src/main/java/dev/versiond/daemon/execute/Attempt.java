package dev.versiond.daemon.execute;

import java.util.Objects;

/** One try at a step's side effect: whether it worked, its output, and why not. */
record Attempt(boolean ok, String output, String error) {
    Attempt {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(error, "error");
    }

    static Attempt ok(String output) {
        return new Attempt(true, output, "");
    }

    static Attempt failed(String error, String output) {
        return new Attempt(false, output, error);
    }

    static Attempt of(ProcessRun run) {
        return new Attempt(run.succeeded(), run.output(), run.problem());
    }
}
