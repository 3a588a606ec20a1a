package dev.versiond.spec.model;

/**
 * The health gate between rollout waves: wave {@code k ≥ 1} applies a commit only when the hosts of
 * waves {@code 0..k-1} that reported on that commit are healthy enough, and the whole rollout of the
 * commit halts when too many of them failed it. Wave 0 (the canary) has no gate.
 *
 * @param minHealthyPercent share (0–100) of the earlier waves' reporting hosts that must have applied
 *     the commit and still be healthy
 * @param errorBudget how many failed hosts across the earlier waves the rollout tolerates; one more halts it
 * @param minReporters how many hosts of the earlier waves must have reported on the commit at all (a
 *     wave of silent hosts is not a healthy wave)
 * @param analysis PromQL queries that must all pass too before a later wave starts: a failing or
 *     unanswered query keeps the wave closed (it never halts the rollout: a halt is decided by the
 *     hosts' outcomes, which are recorded in Git)
 */
public record RolloutGate(int minHealthyPercent, ErrorBudget errorBudget, int minReporters,
                          java.util.List<Probe.Prometheus> analysis) {
    /** What {@code minHealthy} is when a gate is given without it. */
    public static final int DEFAULT_MIN_HEALTHY_PERCENT = 90;
    /** What {@code minReporters} is when a gate is given without it. */
    public static final int DEFAULT_MIN_REPORTERS = 1;

    public RolloutGate {
        if (minHealthyPercent < 0 || minHealthyPercent > 100) {
            throw new IllegalArgumentException("minHealthyPercent out of 0..100: " + minHealthyPercent);
        }
        java.util.Objects.requireNonNull(errorBudget, "errorBudget");
        if (minReporters < 0) {
            throw new IllegalArgumentException("minReporters must not be negative: " + minReporters);
        }
        analysis = java.util.List.copyOf(analysis);
    }

    /** A gate on the hosts' outcomes alone. */
    public RolloutGate(int minHealthyPercent, ErrorBudget errorBudget, int minReporters) {
        this(minHealthyPercent, errorBudget, minReporters, java.util.List.of());
    }

    /**
     * The failures a rollout tolerates: a count of hosts, or a percentage of the reporting hosts of
     * the waves counted (rounded down).
     */
    public record ErrorBudget(int value, boolean percent) {
        /** No failure tolerated: the first failed host halts the rollout. */
        public static final ErrorBudget NONE = new ErrorBudget(0, false);

        public ErrorBudget {
            if (value < 0 || percent && value > 100) {
                throw new IllegalArgumentException("error budget out of range: " + value + (percent ? "%" : ""));
            }
        }

        /** How many failed hosts are tolerated among {@code reporters} reporting hosts. */
        public int allowed(int reporters) {
            return percent ? (int) ((long) reporters * value / 100) : value;
        }

        @Override
        public String toString() {
            return value + (percent ? "%" : "");
        }
    }
}
