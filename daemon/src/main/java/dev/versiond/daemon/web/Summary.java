package dev.versiond.daemon.web;

import dev.versiond.daemon.reconcile.AgentStatus;
import dev.versiond.daemon.reconcile.Phase;
import java.util.List;
import java.util.Locale;

/**
 * The top of the page: the host, its labels, the revision and its signer, what the agent is doing and how far
 * a running pass has come. The script refreshes the elements of {@link #phase} and {@link #progress} in place.
 *
 * @param phase as {@code GET /status} writes it ({@code idle}, {@code applying}, …)
 * @param progress {@code i/n component version/step} while a pass applies, else null
 */
record Summary(String host, List<Label> labels, String phase, boolean suspended, boolean ready, Revision revision,
               String progress, String lastSuccess, String lastError, String nextWindow, Untrusted untrusted) {

    record Label(String key, String value) {
    }

    /** @param signer who signed it, or null when the policy does not ask for signatures */
    record Revision(String commit, String shortCommit, String ref, String committedAt, String fetchedAt, String signer) {
    }

    record Untrusted(String commit, String reason, String reasonCode) {
    }

    static Summary of(AgentStatus s) {
        List<Label> labels = s.labels().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> new Label(e.getKey(), e.getValue())).toList();
        Revision revision = s.revision().map(c -> new Revision(c.id(), DisplayText.shortCommit(c.id()), c.ref(),
                DisplayText.time(c.committedAt()), DisplayText.time(c.fetchedAt()), c.signer().orElse(null)))
                .orElse(null);
        Untrusted untrusted = s.untrusted().map(u -> new Untrusted(u.commit(), u.reason(), u.reasonCode())).orElse(null);
        return new Summary(s.host(), labels, phase(s.phase()), s.suspended(), s.ready(), revision,
                s.progress().map(DisplayText::progress).orElse(null), DisplayText.time(s.lastSuccess()),
                s.lastError().orElse(null), DisplayText.time(s.nextWindow()), untrusted);
    }

    static String phase(Phase p) {
        return p.name().toLowerCase(Locale.ROOT);
    }
}
