package dev.versiond.daemon.audit;

import dev.versiond.daemon.fleet.HostReport;
import dev.versiond.daemon.fleet.StatusRefs;
import dev.versiond.daemon.source.Commit;
import dev.versiond.daemon.source.JGitSource;
import dev.versiond.daemon.source.StatusRemote;
import dev.versiond.daemon.source.UntrustedCommitException;
import dev.versiond.spec.load.LoadResult;
import dev.versiond.spec.load.SpecLoader;
import dev.versiond.spec.VersiondException;
import dev.versiond.spec.model.DesiredState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what an audit joins: the desired-state branch's first-parent history (fetched in full,
 * each commit's targets loaded from its tree, each change's signature checked with the agent's own
 * check) and every host's status history (its status ref fetched, the chain of status commits
 * read back to {@code --since}). Then {@link AuditTrail} joins them.
 */
public final class AuditReader {
    private static final Logger LOG = LoggerFactory.getLogger(AuditReader.class);

    private final JGitSource desired;
    private final String path;
    private final StatusRemote status;
    private final SpecLoader loader = new SpecLoader();

    /**
     * @param desired the desired-state repository (its signature policy says which keys are trusted)
     * @param path the directory of the desired state inside it ("" for the root)
     * @param status the status repository (may be the same remote)
     */
    public AuditReader(JGitSource desired, String path, StatusRemote status) {
        this.desired = desired;
        this.path = path;
        this.status = status;
    }

    public List<AuditEntry> read(AuditFilter filter) {
        Commit head = desired.poll();
        List<Commit> log = desired.firstParentLog(head, filter.since());
        boolean cut = filter.since().isPresent() && log.get(log.size() - 1).committedAt().isBefore(filter.since().get());
        List<String> commits = new ArrayList<>();
        List<DesiredChange> changes = new ArrayList<>();
        Optional<DesiredState> before = Optional.empty();
        for (int i = log.size() - 1; i >= 0; i--) {
            Commit c = log.get(i);
            Optional<DesiredState> state = load(c);
            commits.add(c.id());
            boolean base = cut && i == log.size() - 1;
            if (state.isPresent() && !base) {
                List<TargetChange> diff = TargetDiff.between(before, state.get());
                if (!diff.isEmpty()) {
                    changes.add(new DesiredChange(c.id(), c.author(), c.committer(), c.committedAt(), c.message(),
                            signature(c), diff));
                }
            }
            // An invalid commit changes nothing on any host (agents refuse it): the next one is compared with the last valid.
            if (state.isPresent()) {
                before = state;
            }
        }
        return AuditTrail.join(commits, changes, histories(filter), filter);
    }

    private Optional<DesiredState> load(Commit c) {
        LoadResult result = loader.load(desired.tree(c, path));
        if (result.state().isEmpty()) {
            LOG.warn("the desired state at {} is invalid ({} error(s)); hosts refuse it, so it changes nothing here",
                    c.shortId(), result.errorCount());
        }
        return result.state();
    }

    private Signature signature(Commit c) {
        try {
            // The commit's own signature: with a pinned tag, the tag vouches for the head only, not for the history.
            return desired.verify(c.id(), "HEAD", Optional.empty()).map(Signature::signed).orElseGet(Signature::unchecked);
        } catch (UntrustedCommitException e) {
            return Signature.refused(e.reason());
        }
    }

    /** Each host's status history, oldest first, back to the first status commit made before {@code since}. */
    private Map<String, List<StatusEntry>> histories(AuditFilter filter) {
        List<String> prefixes = List.of(filter.host().map(StatusRefs::host).orElse(StatusRefs.HOSTS));
        Map<String, String> refs = status.listRefs(prefixes);
        Map<String, List<StatusEntry>> out = new TreeMap<>();
        if (refs.isEmpty()) {
            return out;
        }
        status.fetch(List.copyOf(refs.keySet()));
        refs.forEach((ref, id) -> StatusRefs.hostOf(ref).ifPresent(host -> {
            List<StatusEntry> entries = new ArrayList<>();
            for (StatusRemote.StatusCommit c : status.log(id)) {
                try {
                    status.read(c.id(), StatusRefs.FILE).map(json -> HostReport.parse(json, ref + " at " + c.id()))
                            .ifPresent(r -> entries.add(new StatusEntry(c.id(), r)));
                } catch (VersiondException e) {
                    LOG.warn("skipping a status commit that holds no readable report: {}", e.getMessage());
                }
                if (filter.since().isPresent() && c.committedAt().isBefore(filter.since().get())) {
                    break; // reports older than --since cannot be about a change made after it
                }
            }
            Collections.reverse(entries);
            out.put(host, entries);
        }));
        return out;
    }
}
