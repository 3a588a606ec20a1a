package dev.versiond.spec.model;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Look at the host without changing it, retried every {@code interval} until it passes or the
 * {@code deadline} passes. Used in {@code preflight} (before anything changes) and {@code verify}
 * (after a version is applied); a failing verify rolls the pass back.
 */
public record CheckStep(StepCommon common, Probe probe, Duration interval, Duration deadline) implements Step {
    public CheckStep {
        Objects.requireNonNull(common, "common");
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(deadline, "deadline");
        if (interval.isNegative() || interval.isZero() || deadline.isNegative()) {
            throw new IllegalArgumentException("interval must be positive and deadline not negative");
        }
    }

    @Override
    public String kind() {
        return "check";
    }

    @Override
    public boolean hasInverse() {
        return true;
    }

    @Override
    public Map<String, Object> definition() {
        Map<String, Object> m = new LinkedHashMap<>(probe.definition());
        m.put("interval", interval.toString());
        m.put("deadline", deadline.toString());
        return m;
    }

    /** How long one attempt may take (the deadline bounds all attempts together). */
    @Override
    public Duration effectiveTimeout() {
        return common.timeout().orElse(Defaults.CHECK_ATTEMPT_TIMEOUT);
    }
}
