package dev.versiond.daemon.execute;

import dev.versiond.spec.model.CheckStep;
import dev.versiond.spec.model.Command;
import dev.versiond.spec.model.FileStep;
import dev.versiond.spec.model.LinkStep;
import dev.versiond.spec.model.Position;
import dev.versiond.spec.model.Probe;
import dev.versiond.spec.model.RunStep;
import dev.versiond.spec.model.ServiceAction;
import dev.versiond.spec.model.ServiceStep;
import dev.versiond.spec.model.StepCommon;
import dev.versiond.spec.model.TemplateRef;
import dev.versiond.spec.template.Templates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Steps and contexts for the executor tests, written as briefly as the YAML they stand for. */
final class Steps {
    private static final Position AT = Position.startOf("components/app/migrations/1.0.0.yaml");

    private Steps() {
    }

    static StepContext context(Path root) {
        return context(root, Map.of());
    }

    static StepContext context(Path root, Map<String, String> env) {
        return new StepContext(new HostRoot(root),
                Templates.context("app", "1.2.0", "web-1", Map.of("port", 8080, "db", Map.of("host", "db.internal"))),
                env);
    }

    static StepCommon common(String id) {
        return StepCommon.of(id, AT);
    }

    static StepCommon common(String id, Duration timeout, int retries) {
        return new StepCommon(id, Optional.empty(), Optional.of(timeout), retries, false, AT);
    }

    static RunStep run(String... argv) {
        return run(common("run"), Command.of(argv));
    }

    static RunStep run(StepCommon common, Command command) {
        return new RunStep(common, command, Optional.empty(), Optional.empty(), Optional.empty(), false);
    }

    static Command sh(String script) {
        return new Command(List.of(script), true, Map.of(), Optional.empty());
    }

    static FileStep file(String path, String content, int mode) {
        return new FileStep(common("file"), path, Optional.of(content), Optional.empty(), mode);
    }

    static FileStep template(String path, String text) {
        return new FileStep(common("file"), path, Optional.empty(),
                Optional.of(new TemplateRef("components/app/templates/app.conf.mustache", text)), 0640);
    }

    static LinkStep link(String path, String target) {
        return new LinkStep(common("link"), path, target);
    }

    static ServiceStep service(String unit, ServiceAction action) {
        return new ServiceStep(common("service"), unit, action);
    }

    static CheckStep check(Probe probe, Duration interval, Duration deadline) {
        return new CheckStep(common("check", Duration.ofSeconds(10), 0), probe, interval, deadline);
    }

    /** An executor on fake time: retries and check intervals cost nothing, and are recorded. */
    static HostStepExecutor executor(FakeTime time) {
        return new HostStepExecutor(ExecutorOptions.defaults().withTime(time, time));
    }
}
