package dev.versiond.daemon.bench;

import dev.versiond.daemon.fleet.Outcome;
import dev.versiond.daemon.fleet.StatusRefs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** What the status repository's refs say, read straight from its ref database on this machine. */
final class StatusRefCount implements AutoCloseable {
    private final Repository repo;

    StatusRefCount(Path gitDir) throws IOException {
        this.repo = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build();
    }

    /** One reading: the host refs, every rollout ref, and of one target's commit the outcome per host. */
    record Reading(int hostRefs, int rolloutRefs, Map<String, Outcome> outcomes, Map<String, Integer> waveOf) {
        long count(Outcome o) {
            return outcomes.values().stream().filter(o::equals).count();
        }

        /** Hosts of {@code wave} with outcome {@code o}. */
        long count(int wave, Outcome o) {
            return outcomes.entrySet().stream().filter(e -> e.getValue() == o && waveOf.get(e.getKey()) == wave).count();
        }

        int total() {
            return hostRefs + rolloutRefs;
        }
    }

    Reading read(String target, String commit) throws IOException {
        int hosts = 0;
        int rollouts = 0;
        Map<String, Outcome> outcomes = new HashMap<>();
        Map<String, Integer> waves = new HashMap<>();
        repo.getRefDatabase().refresh();
        for (Ref ref : repo.getRefDatabase().getRefsByPrefix("refs/versiond/")) {
            if (ref.getName().startsWith(StatusRefs.HOSTS)) {
                hosts++;
                continue;
            }
            Optional<StatusRefs.RolloutRef> r = StatusRefs.parse(ref.getName());
            if (r.isEmpty()) {
                continue;
            }
            rollouts++;
            if (r.get().target().equals(target) && r.get().commit().equals(commit)) {
                outcomes.put(r.get().host(), r.get().outcome());
                waves.put(r.get().host(), r.get().wave());
            }
        }
        return new Reading(hosts, rollouts, outcomes, waves);
    }

    @Override
    public void close() {
        repo.close();
    }
}
