package dev.versiond.daemon.web;

import dev.versiond.daemon.reconcile.AgentStatus;
import dev.versiond.daemon.reconcile.PlanView;
import dev.versiond.daemon.state.PassRecord;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one rendering of the page reads from the agent, read once so every section shows the same moment.
 *
 * @param plan the plan against the last revision read, or empty when it cannot be computed
 * @param planError why there is no plan (the message {@code GET /plan} answers with)
 * @param passes the latest passes, newest first
 */
public record PageData(AgentStatus status, Optional<PlanView> plan, Optional<String> planError,
                       List<PassRecord> passes) {
    public PageData {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(planError, "planError");
        passes = List.copyOf(passes);
    }
}
