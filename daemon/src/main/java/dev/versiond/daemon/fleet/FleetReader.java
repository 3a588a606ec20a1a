package dev.versiond.daemon.fleet;

import dev.versiond.daemon.source.StatusRemote;
import dev.versiond.daemon.state.Reason;
import dev.versiond.spec.model.Rollout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads the fleet view from the status repository: one listing of {@code refs/versiond/}, the
 * rollouts counted from the rollout refs' names, and the host refs fetched (each host's latest
 * status commit) for the reports. Nothing else of the repository is read.
 */
public final class FleetReader {
    private final StatusRemote remote;

    public FleetReader(StatusRemote remote) {
        this.remote = remote;
    }

    /** The whole fleet, or only what concerns {@code target}. */
    public FleetView read(Optional<String> target) {
        List<String> prefixes = new ArrayList<>(List.of(StatusRefs.HOSTS));
        prefixes.add(target.map(t -> StatusRefs.ROLLOUTS + StatusRefs.component(t) + "/").orElse(StatusRefs.ROLLOUTS));
        Map<String, String> refs = remote.listRefs(prefixes);
        List<String> hostRefs = refs.keySet().stream().filter(r -> r.startsWith(StatusRefs.HOSTS)).sorted().toList();
        if (!hostRefs.isEmpty()) {
            remote.fetch(hostRefs);
        }
        List<HostReport> hosts = new ArrayList<>();
        for (String ref : hostRefs) {
            remote.read(refs.get(ref), StatusRefs.FILE).map(json -> HostReport.parse(json, ref))
                    .filter(h -> target.isEmpty() || h.targets().stream().anyMatch(t -> t.target().equals(target.get())))
                    .ifPresent(hosts::add);
        }
        hosts.sort(Comparator.comparing(HostReport::host));
        return new FleetView(hosts, rollouts(refs, hosts));
    }

    private static List<FleetView.Rollout> rollouts(Map<String, String> refs, List<HostReport> hosts) {
        Map<String, Map<Integer, int[]>> counts = new TreeMap<>();
        Map<String, TreeSet<String>> failing = new TreeMap<>();
        for (String ref : refs.keySet()) {
            StatusRefs.parse(ref).ifPresent(r -> {
                String key = r.target() + " " + r.commit();
                counts.computeIfAbsent(key, k -> new TreeMap<>()).computeIfAbsent(r.wave(), w -> new int[3])
                        [r.outcome().notApplied() ? Outcome.HELD.ordinal() : r.outcome().ordinal()]++; // halted is held
                if (r.outcome() == Outcome.FAILED) {
                    failing.computeIfAbsent(key, k -> new TreeSet<>()).add(r.host());
                }
            });
        }
        List<FleetView.Rollout> out = new ArrayList<>();
        counts.forEach((key, waves) -> {
            String target = key.substring(0, key.indexOf(' '));
            String commit = key.substring(key.indexOf(' ') + 1);
            Map<Integer, FleetView.WaveCount> byWave = new TreeMap<>();
            waves.forEach((w, c) -> byWave.put(w, new FleetView.WaveCount(c[0], c[1], c[2])));
            Optional<String> halt = haltReason(hosts, target, commit);
            Optional<FleetView.NextWave> next = halt.isPresent() ? Optional.empty()
                    : policy(hosts, target, commit).flatMap(p -> NextWaves.of(p.rollout(), p.committedAt(),
                            RefFleetStatus.tallyOf(target, commit, refs)));
            out.add(new FleetView.Rollout(target, commit, byWave, halt.isPresent(),
                    List.copyOf(failing.getOrDefault(key, new TreeSet<>())), halt, next));
        });
        return out;
    }

    private record Policy(Rollout rollout, Instant committedAt) {
    }

    /** The target's rollout policy at {@code commit} and the commit's time, from a report on it. */
    private static Optional<Policy> policy(List<HostReport> hosts, String target, String commit) {
        for (HostReport h : hosts) {
            if (h.commit().filter(commit::equals).isEmpty() || h.committedAt().isEmpty()) {
                continue;
            }
            Optional<Rollout> rollout = h.targets().stream().filter(t -> t.target().equals(target))
                    .flatMap(t -> t.rollout().stream()).findFirst();
            if (rollout.isPresent()) {
                return Optional.of(new Policy(rollout.get(), h.committedAt().get()));
            }
        }
        return Optional.empty();
    }

    /** Halted when a host held at this commit reports a component halted by this target's rollout. */
    private static Optional<String> haltReason(List<HostReport> hosts, String target, String commit) {
        String word = Reason.ROLLOUT_HALTED.word();
        return hosts.stream().filter(h -> h.commit().filter(commit::equals).isPresent())
                .flatMap(h -> h.components().stream())
                .filter(c -> c.reason().filter(word::equals).isPresent())
                .flatMap(c -> c.message().stream())
                .filter(m -> m.contains("target '" + target + "'"))
                .findFirst();
    }
}
