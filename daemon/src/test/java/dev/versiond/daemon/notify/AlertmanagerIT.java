package dev.versiond.daemon.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.versiond.daemon.plan.HostIdentity;
import dev.versiond.daemon.reconcile.Engine;
import dev.versiond.daemon.reconcile.EngineAgent;
import dev.versiond.daemon.reconcile.EngineHost;
import dev.versiond.daemon.reconcile.PassOutcome;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Real passes told to a real Alertmanager (Debian's {@code prometheus-alertmanager}, which {@code .ci/run}
 * starts on a private port and names in {@value #URL_VARIABLE}): a rollback fires an alert with the labels a
 * routing tree matches on, and the recovery resolves it.
 */
class AlertmanagerIT extends EngineHost {
    static final String URL_VARIABLE = "VERSIOND_TEST_ALERTMANAGER";
    static final String OPT_OUT = "VERSIOND_TEST_NO_ALERTMANAGER";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String run = UUID.randomUUID().toString();

    @Override
    protected Engine.Options options() {
        Engine.Options o = super.options();
        return new Engine.Options(o.repo(), o.ref(), o.path(), o.stateDir(), o.root(),
                new HostIdentity("web-01", Map.of("env", "test", "run.id", run)), o.systemctl(),
                o.allowNonDescendant(), false);
    }

    @Test
    void aRollbackFiresAnAlertThatItsRecoveryResolves() throws Exception {
        String base = System.getenv(URL_VARIABLE);
        if (base == null) {
            assertThat(System.getenv(OPT_OUT)).as("no Alertmanager: .ci/run starts one and sets " + URL_VARIABLE
                    + " (Debian's prometheus-alertmanager); set " + OPT_OUT + "=1 to skip this test on purpose")
                    .isEqualTo("1");
            return;
        }
        Counts counts = new Counts();
        Delivery quick = new Delivery(Duration.ofSeconds(2), Duration.ofSeconds(5), 3, Duration.ofMillis(100), 10, 20);
        NotifySettings settings = new NotifySettings(Optional.empty(), Optional.empty(), Optional.of(URI.create(base)), 20);
        try (Notifier notifier = Notifier.of(settings, quick, counts, Clock.systemUTC());
             Engine engine = Engine.open(options(), Clock.systemUTC())) {
            EngineAgent agent = new EngineAgent(engine, Clock.systemUTC(), notifier);
            agent.sync("test");
            pin("1.1.0");
            breakVersion("1.1.0");
            assertThat(agent.sync("test")).isInstanceOf(PassOutcome.RolledBack.class);

            await().atMost(Duration.ofSeconds(10)).until(() -> alerts(base).size() == 1);
            JsonNode alert = alerts(base).get(0);
            JsonNode labels = alert.get("labels");
            assertThat(labels.get("alertname").asText()).isEqualTo("VersiondRolledBack");
            assertThat(labels.get("severity").asText()).isEqualTo("warning");
            assertThat(labels.get("host").asText()).isEqualTo("web-01");
            assertThat(labels.get("component").asText()).isEqualTo("app");
            assertThat(labels.get("reason").asText()).isEqualTo("failed-at-commit");
            assertThat(labels.get("env").asText()).isEqualTo("test");
            assertThat(alert.get("annotations").get("to").asText()).isEqualTo("1.1.0");
            assertThat(alert.get("status").get("state").asText()).isEqualTo("active");

            Files.delete(root.resolve("break-1.1.0"));
            pin("1.2.0");
            assertThat(agent.sync("test")).isInstanceOf(PassOutcome.Applied.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> alerts(base).isEmpty());
            assertThat(counts.of("alertmanager", DeliveryCounter.SENT)).isGreaterThanOrEqualTo(2);
            assertThat(counts.of("alertmanager", DeliveryCounter.FAILED)).isZero();
        }
    }

    /** The active alerts of this run, as Alertmanager's API lists them. */
    private List<JsonNode> alerts(String base) throws Exception {
        String filter = URLEncoder.encode("run_id=\"" + run + "\"", StandardCharsets.UTF_8);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(base + "/api/v2/alerts?active=true&filter=" + filter)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<JsonNode> list = new java.util.ArrayList<>();
        JSON.readTree(r.body()).forEach(list::add);
        return list;
    }
}
