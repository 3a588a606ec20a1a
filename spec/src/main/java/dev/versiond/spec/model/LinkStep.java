package dev.versiond.spec.model;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Point a symbolic link at a target, swapped atomically: the host-level blue/green switch
 * ({@code /opt/app/current -> /opt/app/releases/1.2.0}). Its inverse is the previous target (or
 * absence) captured when it is applied.
 *
 * @param path absolute host path of the link
 * @param target what the link points to (absolute, or relative to the link's directory)
 */
public record LinkStep(StepCommon common, String path, String target) implements Step {
    public LinkStep {
        Objects.requireNonNull(common, "common");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(target, "target");
    }

    @Override
    public String kind() {
        return "link";
    }

    @Override
    public boolean hasInverse() {
        return !common.irreversible();
    }

    @Override
    public Map<String, Object> definition() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", path);
        m.put("target", target);
        return m;
    }

    @Override
    public Duration effectiveTimeout() {
        return common.timeout().orElse(Defaults.FILE_TIMEOUT);
    }
}
