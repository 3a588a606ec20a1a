package dev.versiond.daemon.execute;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How {@link HostStepExecutor} talks to the host, fixed at construction.
 *
 * @param systemctlCommand the program (and leading arguments) a service step runs, followed by the
 *     action word and the unit; a stand-in script in tests and demos
 * @param clock measures durations and check deadlines
 * @param sleeper waits between retries and between check attempts
 * @param outputTailBytes how much of a process's output is kept: the last this many bytes
 * @param maxBackoff the longest pause between two attempts of a failing step
 */
public record ExecutorOptions(List<String> systemctlCommand, Clock clock, Sleeper sleeper, int outputTailBytes,
                              Duration maxBackoff) {
    /** The systemctl found on the PATH. */
    public static final List<String> SYSTEMCTL = List.of("systemctl");
    /** How much process output a result keeps: the last 8 KiB. */
    public static final int OUTPUT_TAIL_BYTES = 8 * 1024;
    /** The pause after the first failed attempt; each further one doubles it. */
    public static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    /** The longest pause between two attempts by default. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    public ExecutorOptions {
        systemctlCommand = List.copyOf(systemctlCommand);
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (systemctlCommand.isEmpty()) {
            throw new IllegalArgumentException("systemctlCommand needs at least the program");
        }
        if (outputTailBytes < 1) {
            throw new IllegalArgumentException("outputTailBytes must be positive: " + outputTailBytes);
        }
        if (maxBackoff.isNegative()) {
            throw new IllegalArgumentException("maxBackoff must not be negative: " + maxBackoff);
        }
    }

    /** The real systemctl, the system clock, {@link Thread#sleep}, 8 KiB of output, backoff up to 30s. */
    public static ExecutorOptions defaults() {
        return new ExecutorOptions(SYSTEMCTL, Clock.systemUTC(), Sleeper.system(), OUTPUT_TAIL_BYTES, MAX_BACKOFF);
    }

    /** The same options with another systemctl (a stand-in script, or {@code systemctl --user}). */
    public ExecutorOptions withSystemctlCommand(List<String> command) {
        return new ExecutorOptions(command, clock, sleeper, outputTailBytes, maxBackoff);
    }

    /** The same options on another clock and sleeper (fake time in tests). */
    public ExecutorOptions withTime(Clock newClock, Sleeper newSleeper) {
        return new ExecutorOptions(systemctlCommand, newClock, newSleeper, outputTailBytes, maxBackoff);
    }
}
