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
        return of(root, cp.component(), cp.templateContext(), cp.commit(), version, extraEnv);
    }

    /** The same for a component the plan may not name (a rollback resumed after a crash). */
    static StepContext of(HostRoot root, String component, Map<String, Object> templateContext,
                          java.util.Optional<String> commit, Version version, Map<String, String> extraEnv) {
        Map<String, Object> template = new LinkedHashMap<>(templateContext);
        template.put("version", version.toString());
        Map<String, String> env = new LinkedHashMap<>(extraEnv);
        env.put("VERSIOND_ROOT", root.isSystem() ? "" : root.root().toString());
        env.put("VERSIOND_COMPONENT", component);
        env.put("VERSIOND_VERSION", version.toString());
        commit.ifPresent(c -> env.put("VERSIOND_COMMIT", c));
        return new StepContext(root, template, env);
    }
}
