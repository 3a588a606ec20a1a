package dev.versiond.daemon.web;

import dev.versiond.daemon.reconcile.ComponentStatus;
import dev.versiond.daemon.reconcile.Progress;
import dev.versiond.daemon.state.Reason;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Each component: recorded and desired version, state, typed reason, last error, and where a pass is at it. */
final class ComponentsSection implements PageSection {

    record Model(List<Row> components) {
    }

    /**
     * @param stateClass the state in lower case, for the style sheet
     * @param progress {@code i/n version/step} while a pass is at this component, as {@code GET /status} shows it
     */
    record Row(String name, String recorded, String desired, String state, String stateClass, String reasonCode,
               String reason, String lastError, String progress) {
    }

    @Override
    public String id() {
        return "components";
    }

    @Override
    public String title() {
        return "Components";
    }

    @Override
    public Model model(PageData data) {
        Optional<Progress> progress = data.status().progress();
        return new Model(data.status().components().stream().map(c -> row(c, progress)).toList());
    }

    private static Row row(ComponentStatus c, Optional<Progress> progress) {
        String at = progress.filter(p -> p.component().equals(c.name()))
                .map(p -> p.done() + "/" + p.total() + " " + p.version() + "/" + p.step()).orElse(null);
        return new Row(c.name(), c.recorded().orElse(null), c.desired().orElse(null), c.state().label(),
                c.state().label().toLowerCase(Locale.ROOT), c.code().map(Reason::word).orElse(null),
                c.reason().orElse(null), c.lastError().orElse(null), at);
    }
}
