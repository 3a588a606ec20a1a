package dev.versiond.daemon.reconcile;

import dev.versiond.daemon.source.Snapshot;
import dev.versiond.daemon.state.AppliedStep;
import dev.versiond.daemon.state.AppliedVersion;
import dev.versiond.daemon.state.ChangeRecord;
import dev.versiond.daemon.state.PassResult;
import dev.versiond.daemon.state.RecordedComponent;
import dev.versiond.daemon.state.StateStore;
import dev.versiond.daemon.sql.Databases;
import dev.versiond.daemon.sql.SqlHistoryRepair;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import dev.versiond.spec.load.LoadResult;
import dev.versiond.spec.load.SpecLoader;
import dev.versiond.spec.model.Checksums;
import dev.versiond.spec.model.Component;
import dev.versiond.spec.model.DesiredState;
import dev.versiond.spec.model.Migration;
import dev.versiond.spec.model.Step;
import dev.versiond.spec.model.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an operator does to recorded state by hand: adopt existing software ({@code baseline}),
 * accept edited definitions ({@code repair}), and clear a failed revision ({@code retry}). Each is
 * recorded as a pass in the history, so auditors see who changed the record and when.
 */
public final class OperatorActions {
    private OperatorActions() {
    }

    /**
     * Records {@code version} of {@code component} as present without running any step (adopting a
     * host that already runs it). Upgrades then start from it; downgrades cannot go below it.
     */
    public static void baseline(StateStore store, String component, Version version) {
        Optional<RecordedComponent> existing = store.recorded().component(component);
        if (existing.isPresent()) {
            throw new VersiondException(ErrorCode.USAGE, component + " is already recorded at " + existing.get().version()
                    + " on this host; baseline adopts software versiond has not recorded yet");
        }
        long pass = store.beginPass("baseline", Optional.empty(), Optional.empty());
        store.recordApplied(component, new AppliedVersion(version, "baseline", true, List.of()), pass);
        store.finishPass(pass, PassResult.APPLIED, "baseline: " + component + " recorded as present at " + version,
                List.of(new ChangeRecord(component, Optional.empty(), Optional.of(version.toString()), "baseline")));
    }

    /** Clears failed revisions so the next pass tries them again; returns how many were cleared. */
    public static int retry(StateStore store, Optional<String> component) {
        return store.unblock(component);
    }

    /**
     * Replaces the recorded definitions and checksums of applied versions with the ones Git declares
     * now (after an operator checked that the edit is safe), keeping the captured priors. Versions
     * gone from Git keep their recorded definitions.
     *
     * @return the component versions whose record changed, as "component version"
     */
    public static List<String> repair(Engine engine, Optional<String> only) {
        return repair(engine, only, Databases.none());
    }

    /**
     * The same, and in every database a {@code sql} step of the desired state names (the SQLite
     * files on this host, the named databases of {@code databases}), the checksum of an edited step
     * in {@code versiond_schema_history} set to the desired state's: a fleet's other hosts block on it too.
     */
    public static List<String> repair(Engine engine, Optional<String> only, Databases databases) {
        Snapshot snap = engine.source().read();
        // Recorded definitions drive later downgrades, so they must come from a trusted commit too.
        engine.source().verify(snap, engine.store().recorded().lastAppliedCommit());
        LoadResult loaded = new SpecLoader().load(snap.tree());
        DesiredState desired = loaded.orThrow();
        List<String> repaired = new ArrayList<>();
        List<ChangeRecord> changes = new ArrayList<>();
        for (RecordedComponent rc : engine.store().recorded().components().values()) {
            if (only.isPresent() && !only.get().equals(rc.name())) {
                continue;
            }
            Optional<Component> component = desired.component(rc.name());
            for (AppliedVersion av : rc.applied().values()) {
                Optional<Migration> m = component.flatMap(c -> c.migration(av.version()));
                if (av.baseline() || m.isEmpty()) {
                    continue;
                }
                List<AppliedStep> declared = steps(m.get());
                if (!sameChecksums(av.steps(), declared)) {
                    engine.store().repair(rc.name(), av.version(), declared);
                    repaired.add(rc.name() + " " + av.version());
                    changes.add(new ChangeRecord(rc.name(), Optional.of(av.version().toString()),
                            Optional.of(av.version().toString()), "repair"));
                }
            }
        }
        repaired.addAll(SqlHistoryRepair.acceptAll(databases, engine.settings().root(), desired, only));
        if (only.isPresent() && engine.store().recorded().component(only.get()).isEmpty()
                && desired.component(only.get()).isEmpty()) {
            throw new VersiondException(ErrorCode.USAGE, only.get() + " is not recorded on this host");
        }
        if (!changes.isEmpty()) {
            long pass = engine.store().beginPass("repair", snap.commit().map(c -> c.id()), Optional.empty());
            engine.store().finishPass(pass, PassResult.APPLIED, "repair: accepted the definitions in Git for " + String.join(", ", repaired),
                    changes);
        }
        return repaired;
    }

    private static List<AppliedStep> steps(Migration m) {
        List<AppliedStep> steps = new ArrayList<>();
        int seq = 0;
        for (Step s : m.up()) {
            steps.add(new AppliedStep(AppliedStep.UP, seq++, s.id(), s.kind(), Checksums.canonicalJson(s), Checksums.of(s),
                    Optional.empty()));
        }
        seq = 0;
        for (Step s : m.down()) {
            steps.add(new AppliedStep(AppliedStep.DOWN, seq++, s.id(), s.kind(), Checksums.canonicalJson(s), Checksums.of(s),
                    Optional.empty()));
        }
        return steps;
    }

    private static boolean sameChecksums(List<AppliedStep> recorded, List<AppliedStep> declared) {
        if (recorded.size() != declared.size()) {
            return false;
        }
        for (int i = 0; i < recorded.size(); i++) {
            AppliedStep a = recorded.get(i);
            AppliedStep b = declared.stream().filter(d -> d.section().equals(a.section()) && d.stepId().equals(a.stepId()))
                    .findFirst().orElse(null);
            if (b == null || !b.checksum().equals(a.checksum())) {
                return false;
            }
        }
        return true;
    }
}
