package dev.versiond.spec.model;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Run a command. Made idempotent by a guard ({@code creates}: skip when the path exists;
 * {@code unless}: skip when that command exits 0) or declared {@code idempotent}.
 *
 * @param down the inverse, run when the step is reversed
 */
public record RunStep(StepCommon common, Command command, Optional<String> creates, Optional<Command> unless,
                      Optional<Command> down, boolean idempotent) implements Step {
    public RunStep {
        Objects.requireNonNull(common, "common");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(creates, "creates");
        Objects.requireNonNull(unless, "unless");
        Objects.requireNonNull(down, "down");
    }

    @Override
    public String kind() {
        return "run";
    }

    @Override
    public boolean hasInverse() {
        return !common.irreversible() && down.isPresent();
    }

    /** Whether running it twice is safe: guarded or declared idempotent. */
    public boolean isSafeToRepeat() {
        return idempotent || creates.isPresent() || unless.isPresent();
    }

    @Override
    public Map<String, Object> definition() {
        Map<String, Object> m = new LinkedHashMap<>(command.definition());
        creates.ifPresent(c -> m.put("creates", c));
        unless.ifPresent(u -> m.put("unless", u.definition()));
        down.ifPresent(d -> m.put("down", d.definition()));
        m.put("idempotent", idempotent);
        return m;
    }

    @Override
    public Duration effectiveTimeout() {
        return common.timeout().orElse(Defaults.RUN_TIMEOUT);
    }
}
