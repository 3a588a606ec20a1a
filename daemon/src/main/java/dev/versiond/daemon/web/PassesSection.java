package dev.versiond.daemon.web;

import dev.versiond.daemon.state.ChangeRecord;
import dev.versiond.daemon.state.PassRecord;
import dev.versiond.daemon.state.StepRecord;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/** The latest passes, newest first, each expandable to its changes and its steps in the order they ran. */
final class PassesSection implements PageSection {

    record Model(List<Pass> passes, boolean none) {
    }

    /** @param open whether it is shown expanded without a click: the newest pass, when it did not apply cleanly */
    record Pass(long id, String result, String trigger, String startedAt, String took, String commit,
                String shortCommit, String signer, String passReasonCode, String passReason, List<Change> changes,
                List<Step> steps, boolean open) {
    }

    record Change(String component, String from, String to, String kind) {
    }

    record Step(String phase, String component, String version, String stepId, String kind, String outcome,
                String took, String error) {
    }

    @Override
    public String id() {
        return "passes";
    }

    @Override
    public String title() {
        return "Last passes";
    }

    @Override
    public Model model(PageData data) {
        List<Pass> passes = new java.util.ArrayList<>();
        for (PassRecord p : data.passes()) {
            boolean open = passes.isEmpty() && !p.result().equals("applied") && !p.steps().isEmpty();
            passes.add(pass(p, open));
        }
        return new Model(passes, passes.isEmpty());
    }

    private static Pass pass(PassRecord p, boolean open) {
        String took = p.finishedAt().map(f -> DisplayText.duration(Duration.between(p.startedAt(), f))).orElse(null);
        List<Step> steps = p.steps().stream().sorted(Comparator.comparingLong(StepRecord::id))
                .map(s -> new Step(s.phase(), s.component(), s.version(), s.stepId(), s.kind(),
                        s.outcome().orElse("unfinished"), s.duration().map(DisplayText::duration).orElse(null),
                        s.error().orElse(null)))
                .toList();
        List<Change> changes = p.changes().stream().map(PassesSection::change).toList();
        return new Pass(p.id(), p.result(), p.trigger(), DisplayText.time(p.startedAt()), took, p.commit().orElse(null),
                p.commit().map(DisplayText::shortCommit).orElse(null), p.signer().orElse(null),
                p.reasonCode().orElse(null), p.reason().isBlank() ? null : p.reason(), changes, steps, open);
    }

    private static Change change(ChangeRecord c) {
        return new Change(c.component(), c.from().orElse("none"), c.to().orElse("none"), c.kind());
    }
}
