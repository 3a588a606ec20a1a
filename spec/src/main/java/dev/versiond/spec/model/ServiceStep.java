package dev.versiond.spec.model;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Act on a systemd unit through {@code systemctl}; reversed by {@link ServiceAction#inverse()}. */
public record ServiceStep(StepCommon common, String unit, ServiceAction action) implements Step {
    public ServiceStep {
        Objects.requireNonNull(common, "common");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(action, "action");
    }

    @Override
    public String kind() {
        return "service";
    }

    @Override
    public boolean hasInverse() {
        return !common.irreversible();
    }

    @Override
    public Map<String, Object> definition() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("unit", unit);
        m.put("action", action.word());
        return m;
    }

    @Override
    public Duration effectiveTimeout() {
        return common.timeout().orElse(Defaults.SERVICE_TIMEOUT);
    }
}
