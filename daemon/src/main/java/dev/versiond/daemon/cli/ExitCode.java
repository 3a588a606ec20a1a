package dev.versiond.daemon.cli;

import dev.versiond.daemon.plan.Action;
import dev.versiond.daemon.plan.ComponentPlan;
import dev.versiond.daemon.plan.Plan;
import dev.versiond.daemon.reconcile.PassOutcome;
import dev.versiond.spec.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every exit code of every {@code versiond} command, in one table. A code means the same thing
 * whichever command returns it, so a script can tell "changes will be applied" (2) from "stuck"
 * (3) from "you called me wrong" (64) without knowing the command. The low codes are versiond's
 * outcomes; the high ones are the BSD {@code sysexits.h} codes for the failures those name.
 */
enum ExitCode {
    /** Success: done, or nothing to do (plan: the host matches the desired state). */
    OK(0, "success: done, or nothing to do"),
    /** The command or the pass failed: remote, state, invalid specs, a step that failed and was rolled back. */
    FAILED(1, "failed: remote, state or specs unreadable, or a step failed and was rolled back"),
    /** Work a pass would do now ({@code plan}); a component out of sync or progressing ({@code status}). */
    CHANGES(2, "changes will be applied (plan), or are being applied (status)"),
    /**
     * Some component cannot move now: blocked (checksum mismatch, failed revision, irreversible
     * step, unmet dependency), degraded, or waiting for a maintenance window or rollout wave.
     * Other components may still have changed ({@code apply}) or be about to ({@code plan}).
     */
    HELD(3, "a component cannot move now: blocked, degraded, or waiting (window, wave)"),
    /** The command line was wrong: unknown option, missing or bad argument ({@code EX_USAGE}). */
    USAGE(64, "usage error: unknown option, missing or bad argument (see --help)"),
    /** Another versiond process owns the state directory; try again later ({@code EX_TEMPFAIL}). */
    LOCKED(75, "another versiond process holds the state directory; try again later"),
    /** The agent configuration was refused; the message names the key ({@code EX_CONFIG}). */
    CONFIG(78, "the agent configuration was refused (the message names the key)");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    int code() {
        return code;
    }

    /** The exit code a command ends with when it fails with {@code error}. */
    static ExitCode of(ErrorCode error) {
        return switch (error) {
            case USAGE -> USAGE;
            case CONFIG -> CONFIG;
            case LOCKED -> LOCKED;
            case SPEC_INVALID, SOURCE, UNTRUSTED, STATE, PLAN, STEP_FAILED, INTERNAL -> FAILED;
        };
    }

    /**
     * What a plan tells a script: {@link #HELD} when some component cannot move now (it wins over
     * {@link #CHANGES}: a pass would not bring the host to the desired state), {@link #CHANGES}
     * when a pass would change the host, {@link #OK} when the host matches.
     */
    static ExitCode of(Plan plan) {
        if (plan.components().stream().anyMatch(ExitCode::held)) {
            return HELD;
        }
        return plan.hasWork() ? CHANGES : OK;
    }

    /**
     * How {@code apply --once} ends: {@link #FAILED} when the pass failed, rolled back, left the host
     * degraded or was stopped before it finished; otherwise
     * {@link #HELD} when the plan of the host as the pass left it still holds a component back.
     */
    static ExitCode ofApply(PassOutcome outcome, Optional<Plan> after) {
        if (outcome instanceof PassOutcome.Failed failed) {
            return of(failed.code());
        }
        if (outcome instanceof PassOutcome.RolledBack || outcome instanceof PassOutcome.Degraded
                || outcome instanceof PassOutcome.Interrupted) {
            return FAILED;
        }
        return after.map(p -> p.components().stream().anyMatch(ExitCode::held) ? HELD : OK).orElse(OK);
    }

    private static boolean held(ComponentPlan c) {
        return c.action() == Action.BLOCKED || c.action() == Action.DEGRADED || c.action() == Action.WAITING;
    }

    /** The table as picocli shows it under "Exit codes:" in every command's {@code --help}. */
    static Map<String, String> helpList() {
        Map<String, String> list = new LinkedHashMap<>();
        for (ExitCode c : values()) {
            list.put(Integer.toString(c.code), c.meaning);
        }
        return list;
    }
}
