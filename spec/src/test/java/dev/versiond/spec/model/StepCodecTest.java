package dev.versiond.spec.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StepCodecTest {
    private static final Position AT = new Position("m.yaml", 3, 5);

    private static StepCommon common(String id) {
        return new StepCommon(id, Optional.of("for humans"), Optional.of(Duration.ofMinutes(5)), 2, false, AT);
    }

    private static List<Step> everyKind() {
        Command migrate = new Command(List.of("/opt/app/bin/migrate", "up"), false, Map.of("ENV", "prod"),
                Optional.of("/opt/app"));
        return List.of(
                new RunStep(common("migrate"), migrate, Optional.of("/opt/app/migrated"),
                        Optional.of(Command.of("test", "-e", "/x")), Optional.of(Command.of("migrate", "down")), false),
                new RunStep(common("script"), new Command(List.of("echo hi > /tmp/x"), true, Map.of(), Optional.empty()),
                        Optional.empty(), Optional.empty(), Optional.empty(), true),
                new FileStep(common("conf"), "/etc/app.conf", Optional.empty(),
                        Optional.of(new TemplateRef("components/app/templates/app.conf", "port={{config.port}}\r\n")), 0640),
                new FileStep(common("banner"), "/etc/motd", Optional.of("hello\n"), Optional.empty(), 0644),
                new LinkStep(common("switch"), "/opt/app/current", "releases/1.2.0"),
                new ServiceStep(common("restart"), "app.service", ServiceAction.RESTART),
                new CheckStep(common("health"), new Probe.Http("http://127.0.0.1:8080/healthz", 204),
                        Duration.ofSeconds(1), Duration.ofSeconds(30)),
                new CheckStep(common("port"), new Probe.Tcp("127.0.0.1", 5432), Duration.ofSeconds(2), Duration.ofSeconds(10)),
                new CheckStep(common("cmd"), new Probe.Exec(Command.of("true")), Duration.ofSeconds(2), Duration.ofSeconds(10)));
    }

    @Test
    void everyStepKindSurvivesTheRoundTripThroughItsRecordedForm() {
        for (Step step : everyKind()) {
            Step decoded = StepCodec.decode(Checksums.canonicalJson(step), "recorded app 1.2.0");

            assertThat(decoded.getClass()).isEqualTo(step.getClass());
            assertThat(Checksums.canonicalJson(decoded)).isEqualTo(Checksums.canonicalJson(step));
            assertThat(Checksums.of(decoded)).isEqualTo(Checksums.of(step));
            assertThat(decoded.hasInverse()).isEqualTo(step.hasInverse());
            assertThat(decoded.effectiveTimeout()).isEqualTo(step.effectiveTimeout());
        }
    }

    @Test
    void checksumsCarryTheirAlgorithmVersionAndIgnorePositionsAndDescriptions() {
        Step a = new LinkStep(common("switch"), "/opt/app/current", "releases/1.2.0");
        Step b = new LinkStep(new StepCommon("switch", Optional.empty(), Optional.of(Duration.ofMinutes(5)), 2, false,
                new Position("moved/elsewhere.yaml", 40, 1)), "/opt/app/current", "releases/1.2.0");
        Step c = new LinkStep(common("switch"), "/opt/app/current", "releases/1.3.0");

        assertThat(Checksums.of(a)).startsWith("v1:sha256:").hasSize("v1:sha256:".length() + 64);
        assertThat(Checksums.of(a)).isEqualTo(Checksums.of(b));
        assertThat(Checksums.of(a)).isNotEqualTo(Checksums.of(c));
    }

    @Test
    void aDecodedTemplateKeepsItsTextButNamesWhereItWasRecorded() {
        FileStep decoded = (FileStep) StepCodec.decode(Checksums.canonicalJson(everyKind().get(2)), "recorded app 1.2.0");

        assertThat(decoded.template().orElseThrow().text()).isEqualTo("port={{config.port}}\n");
        assertThat(decoded.template().orElseThrow().path()).isEqualTo("recorded app 1.2.0");
        assertThat(decoded.mode()).isEqualTo(0640);
    }

    @Test
    void somethingThatIsNotARecordedStepIsRefusedWithItsOrigin() {
        assertThatThrownBy(() -> StepCodec.decode("{\"id\":\"x\",\"kind\":\"teleport\"}", "recorded app 9.9.9"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("teleport", "recorded app 9.9.9");
        assertThatThrownBy(() -> StepCodec.decode("not json", "recorded app 9.9.9"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("recorded app 9.9.9");
    }
}
