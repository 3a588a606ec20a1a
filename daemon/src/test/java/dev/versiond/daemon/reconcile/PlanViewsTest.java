package dev.versiond.daemon.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.execute.ExecutorOptions;
import dev.versiond.daemon.execute.HostRoot;
import dev.versiond.daemon.execute.HostStepExecutor;
import dev.versiond.daemon.plan.Action;
import dev.versiond.daemon.plan.ComponentPlan;
import dev.versiond.daemon.plan.HostIdentity;
import dev.versiond.daemon.plan.Plan;
import dev.versiond.daemon.plan.PlannedStep;
import dev.versiond.daemon.plan.StepPhase;
import dev.versiond.daemon.plan.StepState;
import dev.versiond.daemon.secret.Redactor;
import dev.versiond.spec.model.FileStep;
import dev.versiond.spec.model.Position;
import dev.versiond.spec.model.StepCommon;
import dev.versiond.spec.model.TemplateRef;
import dev.versiond.spec.model.Version;
import dev.versiond.spec.template.Templates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanViewsTest {
    private static final String TEMPLATE = "user=app\npassword={{config.password}}\nport={{config.port}}\n";

    @TempDir
    Path root;

    private String diff(String onDisk, String secret, int port) throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/app.conf"), onDisk);
        FileStep file = new FileStep(StepCommon.of("conf", Position.startOf("c.yaml")), "/etc/app.conf", Optional.empty(),
                Optional.of(new TemplateRef("components/app/templates/app.conf", TEMPLATE)), 0600);
        Version v = Version.parse("1.0.0");
        ComponentPlan cp = new ComponentPlan("app", Optional.of(v), Optional.of(v), Action.CONVERGE,
                Optional.of("config files differ from the host"), List.of(),
                List.of(new PlannedStep("app", v, file, PlannedStep.Operation.APPLY, StepPhase.CONVERGE,
                        StepState.PENDING, Optional.empty(), false)), List.of(), List.of(),
                Templates.context("app", "1.0.0", "web-1", Map.of("password", secret, "port", port)),
                Optional.empty(), Optional.empty());
        Plan plan = new Plan(new HostIdentity("web-1", Map.of()), Optional.empty(), List.of(cp));
        PlanView view = PlanViews.of(plan, new HostRoot(root), new HostStepExecutor(ExecutorOptions.defaults()),
                Redactor.of(List.of(secret)));
        return view.components().get(0).steps().get(0).diff().orElse("");
    }

    @Test
    void anOldSecretOnDiskIsMaskedByTheShapeOfTheLineThatHoldsTheNewOne() throws IOException {
        String diff = diff("user=app\npassword=old-Secret-1\nport=80\n", "new-Secret-2", 8080);

        // The old port line has no counterpart in the new rendering: it could have held anything.
        assertThat(diff).contains(" user=app", " password=******", "-******", "+port=8080").doesNotContain("old-Secret-1", "new-Secret-2")
                .doesNotContain("-password", "+password");
    }

    @Test
    void aLineOfUnknownShapeInAFileWithSecretsIsNotShown() throws IOException {
        String diff = diff("user=app\npasswd: old-Secret-1\nport=8080\n", "new-Secret-2", 8080);

        assertThat(diff).contains("-******", "+password=******").doesNotContain("old-Secret-1", "new-Secret-2");
    }

    @Test
    void aRotationAloneSaysOnlySecretValuesChange() throws IOException {
        String diff = diff("user=app\npassword=old-Secret-1\nport=8080\n", "new-Secret-2", 8080);

        assertThat(diff).isEqualTo("(only secret values change in /etc/app.conf; they are not shown)");
    }
}
