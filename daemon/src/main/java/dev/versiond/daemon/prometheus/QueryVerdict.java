package dev.versiond.daemon.prometheus;

/**
 * What one evaluation of a PromQL probe found.
 *
 * @param passed every sample met the threshold (and there was at least one)
 * @param seen what was seen, for the check's output or the gate's reason: the query, the value that
 *     decided and the rule, or why there was no answer
 */
public record QueryVerdict(boolean passed, String seen) {
    static QueryVerdict pass(String seen) {
        return new QueryVerdict(true, seen);
    }

    static QueryVerdict fail(String seen) {
        return new QueryVerdict(false, seen);
    }
}
