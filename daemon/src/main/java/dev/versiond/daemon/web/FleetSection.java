package dev.versiond.daemon.web;

import dev.versiond.daemon.fleet.FleetView;
import dev.versiond.daemon.fleet.HostReport;
import dev.versiond.spec.VersiondException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The fleet as the status repository tells it, when host status in Git is on: per target and commit the
 * rollout wave by wave (halted or not, and the failing hosts, or when the next wave may start), and every
 * host's last report. Read when the
 * page is rendered, like {@code GET /fleet}; a status repository that cannot be read leaves the rest of the
 * page and says why.
 */
public final class FleetSection implements PageSection {
    private final Supplier<Optional<FleetView>> fleet;

    /** @param fleet reads the fleet view (empty: host status in Git is off) */
    public FleetSection(Supplier<Optional<FleetView>> fleet) {
        this.fleet = fleet;
    }

    record Model(boolean off, String error, List<RolloutRow> rollouts, List<HostRow> hosts) {
    }

    /** @param next when the next wave may start, and what its gate waits for; null when no wave is left to start */
    record RolloutRow(String target, String commit, List<WaveRow> waves, boolean halted, String haltReason,
                      String failing, NextRow next) {
    }

    record NextRow(int wave, String earliestStart, String gate, String analysis) {
    }

    record WaveRow(int wave, int applied, int failed, int held) {
    }

    record HostRow(String host, String commit, String result, String targets, String reportedAt) {
    }

    @Override
    public String id() {
        return "fleet";
    }

    @Override
    public String title() {
        return "Fleet";
    }

    @Override
    public Model model(PageData data) {
        Optional<FleetView> view;
        try {
            view = fleet.get();
        } catch (VersiondException e) {
            return new Model(false, "The status repository cannot be read: " + e.getMessage(), List.of(), List.of());
        }
        return view.map(v -> new Model(false, "", v.rollouts().stream().map(FleetSection::rollout).toList(),
                        v.hosts().stream().map(FleetSection::host).toList()))
                .orElseGet(() -> new Model(true, "", List.of(), List.of()));
    }

    private static RolloutRow rollout(FleetView.Rollout r) {
        List<WaveRow> waves = r.waves().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> new WaveRow(e.getKey(), e.getValue().applied(), e.getValue().failed(), e.getValue().held()))
                .toList();
        return new RolloutRow(r.target(), DisplayText.shortCommit(r.commit()), waves, r.halted(),
                r.haltReason().orElse(""), String.join(", ", r.failing()),
                r.next().map(n -> new NextRow(n.wave(), DisplayText.time(n.earliestStart()), n.gate().orElse(null),
                                n.analysis().isEmpty() ? null : String.join(", ", n.analysis())))
                        .orElse(null));
    }

    private static HostRow host(HostReport h) {
        String targets = String.join(", ", h.targets().stream()
                .map(t -> t.target() + " w" + t.wave() + " " + t.outcome().word()).toList());
        return new HostRow(h.host(), h.commit().map(DisplayText::shortCommit).orElse(""), h.pass().result(), targets,
                DisplayText.time(h.reportedAt()));
    }
}
