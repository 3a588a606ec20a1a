package dev.versiond.daemon.fleet;

import dev.versiond.daemon.plan.RolloutTally;
import dev.versiond.daemon.reconcile.FleetStatus;
import dev.versiond.daemon.source.StatusRemote;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet's status as the status repository's refs tell it: a wave's tally from one listing of
 * the earlier waves' rollout prefixes, and this host's last applied commit from its own status ref.
 * When host signatures are required, a rollout ref counts only if the status commit it points at
 * is signed by a key {@code allowed-signers} lists for the host the ref names; those commits are
 * fetched once each (the listing stays object-free for hosts already checked).
 */
public final class RefFleetStatus implements FleetStatus {
    private static final Logger LOG = LoggerFactory.getLogger(RefFleetStatus.class);

    private final RefListing listing;
    private final StatusRemote remote;
    private final StatusHistory own;
    private final Optional<Path> hostSigners;
    /** Status commit id → whether its signature names the host of the ref it was found under. */
    private final Map<String, Boolean> checked = new ConcurrentHashMap<>();

    public RefFleetStatus(RefListing listing, StatusRemote remote, String host, Optional<Path> hostSigners) {
        this.listing = listing;
        this.remote = remote;
        this.own = new StatusHistory(remote, host);
        this.hostSigners = hostSigners;
    }

    @Override
    public Optional<RolloutTally> tally(String target, String commit, int beforeWave) {
        List<String> prefixes = new ArrayList<>();
        for (int w = 0; w < beforeWave; w++) {
            prefixes.add(StatusRefs.wavePrefix(target, commit, w));
        }
        // Of the host's own wave only its halted hosts: a halt one of them found and wrote holds for this
        // host as well, and the others' refs would only make the listing longer.
        prefixes.add(StatusRefs.wavePrefix(target, commit, beforeWave) + Outcome.HALTED.word() + "/");
        try {
            return Optional.of(tally(target, commit, listing.list(prefixes)));
        } catch (RuntimeException e) {
            LOG.warn("the fleet's status of target '{}' could not be read; its gate stays closed: {}", target, e.getMessage());
            return Optional.empty();
        }
    }

    private RolloutTally tally(String target, String commit, Map<String, String> refs) {
        return tallyOf(target, commit, hostSigners.isPresent() ? signed(refs) : refs);
    }

    /** The tally of one commit of one target from rollout ref names (others in {@code refs} are ignored). */
    static RolloutTally tallyOf(String target, String commit, Map<String, String> refs) {
        Map<Integer, Set<String>[]> waves = new HashMap<>();
        for (String ref : refs.keySet()) {
            StatusRefs.parse(ref).filter(r -> r.target().equals(target) && r.commit().equals(commit)).ifPresent(r -> {
                @SuppressWarnings("unchecked")
                Set<String>[] sets = waves.computeIfAbsent(r.wave(), w -> new Set[] {new HashSet<>(), new HashSet<>(),
                        new HashSet<>(), new HashSet<>()});
                sets[r.outcome().ordinal()].add(r.host());
                if (r.outcome() == Outcome.HALTED) {
                    sets[Outcome.HELD.ordinal()].add(r.host()); // a halted host has not applied it: held, and halted
                }
            });
        }
        Map<Integer, RolloutTally.Wave> out = new HashMap<>();
        waves.forEach((w, sets) -> out.put(w, new RolloutTally.Wave(sets[Outcome.APPLIED.ordinal()],
                sets[Outcome.FAILED.ordinal()], sets[Outcome.HELD.ordinal()], sets[Outcome.HALTED.ordinal()])));
        return new RolloutTally(target, commit, out);
    }

    /** The refs whose status commit is signed for the host they name; the others are left out and logged. */
    private Map<String, String> signed(Map<String, String> refs) {
        List<String> unknown = refs.entrySet().stream().filter(e -> !remote.has(e.getValue()))
                .map(Map.Entry::getKey).toList();
        if (!unknown.isEmpty()) {
            remote.fetch(unknown);
        }
        Map<String, String> out = new HashMap<>();
        refs.forEach((ref, id) -> {
            Optional<String> host = StatusRefs.parse(ref).map(StatusRefs.RolloutRef::host).or(() -> StatusRefs.hostOf(ref));
            boolean ok = host.isPresent() && checked.computeIfAbsent(host.get() + " " + id,
                    k -> remote.sshSigner(id, hostSigners.get()).filter(host.get()::equals).isPresent());
            if (ok) {
                out.put(ref, id);
            } else {
                LOG.warn("ignoring {}: its status commit {} is not signed by a key allowed for that host", ref, id);
            }
        });
        return out;
    }

    @Override
    public Optional<String> lastApplied() {
        own.load(false);
        return own.last().flatMap(HostReport::lastApplied);
    }
}
