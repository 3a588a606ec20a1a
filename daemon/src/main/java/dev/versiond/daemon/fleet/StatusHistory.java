package dev.versiond.daemon.fleet;

import dev.versiond.daemon.source.StatusRemote;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * This host's own status ref: its last status commit and what that commit reported. Read once
 * when the agent starts (fetching just that one ref), then kept up to date by each push.
 */
final class StatusHistory {
    private final StatusRemote remote;
    private final String ref;
    private boolean loaded;
    private Optional<String> head = Optional.empty();
    private Optional<HostReport> last = Optional.empty();

    StatusHistory(StatusRemote remote, String host) {
        this.remote = remote;
        this.ref = StatusRefs.host(host);
    }

    String ref() {
        return ref;
    }

    /** Fetches the host's ref when it has not been read yet, or when {@code again} (a push found it moved). */
    synchronized void load(boolean again) {
        if (loaded && !again) {
            return;
        }
        Map<String, String> found = remote.fetch(List.of(ref));
        head = Optional.ofNullable(found.get(ref));
        last = head.flatMap(id -> remote.read(id, StatusRefs.FILE)).map(json -> HostReport.parse(json, ref));
        loaded = true;
    }

    synchronized Optional<String> head() {
        return head;
    }

    synchronized Optional<HostReport> last() {
        return last;
    }

    synchronized void pushed(String commit, HostReport report) {
        head = Optional.of(commit);
        last = Optional.of(report);
    }
}
