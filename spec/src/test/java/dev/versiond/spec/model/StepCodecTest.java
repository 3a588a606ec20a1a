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
                new CheckStep(common("cmd"), new Probe.Exec(Command.of("true")), Duration.ofSeconds(2), Duration.ofSeconds(10)),
                new CheckStep(common("errors"), new Probe.Prometheus("http://prometheus:9090",
                        "sum(rate(errors_total{instance=\"{{host}}\"}[5m]))", new Threshold(Threshold.Comparison.BELOW, 0.01)),
                        Duration.ofSeconds(10), Duration.ofMinutes(5)),
                new CheckStep(common("ready"), new Probe.Prometheus("https://prom.example.org/", "min(up{job=\"app\"})",
                        new Threshold(Threshold.Comparison.AT_LEAST, 1)), Duration.ofSeconds(10), Duration.ofMinutes(5)),
                new SnapshotStep(common("backup"), List.of("/var/lib/app/data", "/etc/app"),
                        List.of(new SnapshotStep.Database(SnapshotStep.Engine.SQLITE, "/var/lib/app/app.db"),
                                new SnapshotStep.Database(SnapshotStep.Engine.POSTGRES, "postgresql://app@db:5432/app"),
                                new SnapshotStep.Database(SnapshotStep.Engine.MARIADB, "mariadb://app@db:3306/app")),
                        5, Optional.of(1L << 30)),
                new SnapshotStep(common("backup-conf"), List.of("/etc/app"), List.of(), 3, Optional.empty()).spaceCheck());
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

    /**
     * Checksums are recorded on hosts and compared with every later load: the canonical form must
     * not change by a byte, whatever writes it. These were computed when the form was introduced.
     */
    @Test
    void theCanonicalFormAndItsChecksumsAreStableByteForByte() {
        assertThat(everyKind().stream().limit(9).map(Checksums::of).toList()).containsExactly(
                "v1:sha256:749c6de0708eaa32f17871a90df82b924e8824a8be71871460b2576302ddc9e7",
                "v1:sha256:edbc1db786fd4a12c8464e5df623151fb0274297def8d02b3408b63cbebe024e",
                "v1:sha256:8357376c2e5237bb72cdaf572503101833cd3f173ae624f8f7cc8ca745ad3c43",
                "v1:sha256:a553508fa6f5b214652982dd5f7b164d4f1bb75711955a54ff10cada7ee4a6dc",
                "v1:sha256:52b4bb19a87733f07bafc5c46d676013381abab09329dd221502271fb51b75dd",
                "v1:sha256:e57f9cc0e89c59a750c0678b674c1cfbece5020ee6a230bdf54b8fee3914754d",
                "v1:sha256:eed3e826db61aed559179d2a4c937d3e7ad997b22810280a1e9ce6490da459b5",
                "v1:sha256:959a4ce1f62cbd59d22fa581fc955f7b5ec86db8343be2c8b0d6ad5739fbd37c",
                "v1:sha256:270e08d1d1661132d2152b24ac8b0b8fb5d6985665aedd1a69370e338d78dc59");
        assertThat(Checksums.canonicalJson(everyKind().get(0))).isEqualTo("{\"id\":\"migrate\",\"irreversible\":false,"
                + "\"kind\":\"run\",\"retries\":2,\"run\":{\"argv\":[\"/opt/app/bin/migrate\",\"up\"],"
                + "\"creates\":\"/opt/app/migrated\",\"cwd\":\"/opt/app\",\"down\":{\"argv\":[\"migrate\",\"down\"],"
                + "\"env\":{},\"shell\":false},\"env\":{\"ENV\":\"prod\"},\"idempotent\":false,\"shell\":false,"
                + "\"unless\":{\"argv\":[\"test\",\"-e\",\"/x\"],\"env\":{},\"shell\":false}},\"timeout\":\"PT5M\"}");

        Step odd = new FileStep(new StepCommon("odd", Optional.empty(), Optional.empty(), 0, false, AT), "/etc/gr\u00fc\u00dfe",
                Optional.of("tab\there \"quoted\" back\\slash \u0001 ctrl \u2028 sep \u00e9 \u2713 \ud83d\ude00\r\n</script>"),
                Optional.empty(), 0600);
        assertThat(Checksums.canonicalJson(odd)).isEqualTo("{\"file\":{\"content\":\"tab\\there \\\"quoted\\\" back\\\\slash "
                + "\\u0001 ctrl \u2028 sep \u00e9 \u2713 \ud83d\ude00\\n</script>\",\"mode\":\"0600\",\"path\":\"/etc/gr\u00fc\u00dfe\"},"
                + "\"id\":\"odd\",\"irreversible\":false,\"kind\":\"file\",\"retries\":0}");
        assertThat(Checksums.of(odd)).isEqualTo("v1:sha256:ed47c813e2a9fdebd5f0150d5a44c09f4ba5fdc7311c16ba143858293797ab9f");
    }

    @Test
    void aRecordThatIsNotJsonIsRefusedWithItsOrigin() {
        for (String broken : List.of("", "{\"id\":\"x\",", "{\"id\":\"x\"} trailing", "[1,2")) {
            assertThatThrownBy(() -> StepCodec.decode(broken, "recorded app 9.9.9")).as(broken)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("recorded app 9.9.9");
        }
    }
}
