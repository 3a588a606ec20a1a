package dev.versiond.daemon.execute;

import java.util.Map;
import java.util.Objects;

/**
 * What a step needs besides its definition.
 *
 * @param root where host paths live
 * @param templateContext the values templates are rendered with (see {@code Templates.context})
 * @param env extra environment for every process (e.g. {@code VERSIOND_ROOT}, {@code VERSIOND_VERSION})
 */
public record StepContext(HostRoot root, Map<String, Object> templateContext, Map<String, String> env) {
    public StepContext {
        Objects.requireNonNull(root, "root");
        templateContext = Map.copyOf(templateContext);
        env = Map.copyOf(env);
    }
}
