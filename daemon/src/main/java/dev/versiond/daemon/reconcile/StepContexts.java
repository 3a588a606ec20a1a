package dev.versiond.daemon.reconcile;

import dev.versiond.daemon.execute.HostRoot;
import dev.versiond.daemon.execute.StepContext;
import dev.versiond.daemon.plan.ComponentPlan;
import dev.versiond.spec.model.Version;
import java.util.LinkedHashMap;
import java.util.Map;

/** The context a step of a component plan runs (or is previewed) with. */
final class StepContexts {
    private StepContexts() {
    }

    /**
     * Templates see the step's own version (a step of 1.1.0 renders with 1.1.0 during an upgrade to
     * 1.2.0); processes get {@code VERSIOND_ROOT} (empty on a real host), {@code VERSIOND_COMPONENT},
     * {@code VERSIOND_VERSION} and {@code VERSIOND_COMMIT}.
     */
    static StepContext of(HostRoot root, ComponentPlan cp, Version version, Map<String, String> extraEnv) {
        Map<String, Object> template = new LinkedHashMap<>(cp.templateContext());
        template.put("version", version.toString());
        Map<String, String> env = new LinkedHashMap<>(extraEnv);
        env.put("VERSIOND_ROOT", root.isSystem() ? "" : root.root().toString());
        env.put("VERSIOND_COMPONENT", cp.component());
        env.put("VERSIOND_VERSION", version.toString());
        cp.commit().ifPresent(c -> env.put("VERSIOND_COMMIT", c));
        return new StepContext(root, template, env);
    }
}
