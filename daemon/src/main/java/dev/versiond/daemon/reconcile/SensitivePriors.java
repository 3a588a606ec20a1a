package dev.versiond.daemon.reconcile;

import dev.versiond.daemon.execute.Prior;
import dev.versiond.daemon.execute.PriorJson;
import dev.versiond.daemon.execute.StepContext;
import dev.versiond.daemon.execute.StepExecutor;
import dev.versiond.daemon.plan.Fingerprints;
import dev.versiond.daemon.state.AppliedStep;
import dev.versiond.daemon.state.AppliedVersion;
import dev.versiond.daemon.state.RecordedState;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import dev.versiond.spec.model.FileStep;
import dev.versiond.spec.model.Step;
import dev.versiond.spec.model.StepCodec;
import dev.versiond.spec.model.Version;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a prior as the state store holds it back into something a step can be reversed to. For a
 * component whose config references a secret, a file's prior content is never stored (only whether
 * it existed, its mode and hash); restoring such a file re-renders the file step of the nearest
 * version below that wrote the same path, with the current config and secrets.
 */
final class SensitivePriors {
    private static final Logger LOG = LoggerFactory.getLogger(SensitivePriors.class);

    private final StepExecutor executor;
    private final RecordedState recorded;
    private final Set<String> sensitive;
    private final BiFunction<String, Version, StepContext> contexts;

    /**
     * @param contexts the context a step of (component, version) renders with
     */
    SensitivePriors(StepExecutor executor, RecordedState recorded, Set<String> sensitive,
                    BiFunction<String, Version, StepContext> contexts) {
        this.executor = executor;
        this.recorded = recorded;
        this.sensitive = Set.copyOf(sensitive);
        this.contexts = contexts;
    }

    /** The prior as the state store may hold it: without file content for a component with secrets. */
    Optional<String> journalForm(String component, Prior prior) {
        return sensitive.contains(component) ? PriorJson.writeSensitive(prior) : PriorJson.write(prior);
    }

    /** The prior a recorded JSON stands for, re-rendered when it is a sensitive file that existed. */
    Prior restorable(String component, Version version, Step step, Optional<String> json) {
        Optional<PriorJson.SensitiveFile> s = PriorJson.sensitive(json);
        if (s.isEmpty() || !s.get().existed() || !(step instanceof FileStep file)) {
            return PriorJson.read(json);
        }
        String origin = component + " below " + version;
        for (AppliedVersion av : recorded.component(component).map(rc -> rc.applied().headMap(version, false)
                .descendingMap().values()).orElse(List.of())) {
            for (AppliedStep as : av.up()) {
                if (!as.kind().equals("file")) {
                    continue;
                }
                Step lower = StepCodec.decode(as.definitionJson(), "recorded " + origin);
                if (lower instanceof FileStep lf && lf.path().equals(file.path())) {
                    byte[] content = executor.render(lf, contexts.apply(component, av.version()));
                    if (s.get().sha256().filter(h -> !h.equals(Fingerprints.sha256(content))).isPresent()) {
                        LOG.info("{}: re-rendered {} from {} {} with the current config; it differs from what was "
                                + "there before (config or secrets changed since)", component, file.path(),
                                component, av.version());
                    }
                    return new Prior.FileState(Optional.of(content), s.get().mode());
                }
            }
        }
        throw new VersiondException(ErrorCode.STEP_FAILED, "cannot restore " + file.path() + ": its previous content "
                + "held secrets and was not kept, and no version of " + component + " below " + version
                + " writes it; restore it by hand");
    }
}
