package dev.versiond.daemon.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.versiond.daemon.reconcile.Engine;
import dev.versiond.daemon.reconcile.EngineAgent;
import dev.versiond.daemon.reconcile.EngineHost;
import dev.versiond.daemon.reconcile.PassOutcome;
import dev.versiond.daemon.secret.HmacSha256;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Real passes of a real engine, told to a real HTTP receiver. */
class NotifierTest extends EngineHost {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String SECRET = "s3cret-for-hmac";

    private final Counts counts = new Counts();

    private Delivery quick(int perMinute) {
        return new Delivery(Duration.ofSeconds(2), Duration.ofSeconds(5), 3, Duration.ofMillis(50), 10, perMinute);
    }

    private Path secretFile() throws IOException {
        return Files.writeString(dir.resolve("webhook-secret"), SECRET + "\n");
    }

    private Notifier webhook(URI url, Delivery delivery) throws IOException {
        return Notifier.of(new NotifySettings(Optional.of(url), Optional.of(secretFile()), Optional.empty(), 20),
                delivery, counts, Clock.systemUTC());
    }

    @Test
    void aRollbackIsToldOnceSignedAndItsRecoveryAfterIt() throws Exception {
        try (Receiver receiver = new Receiver(); Notifier notifier = webhook(receiver.url("/hook"), quick(20));
             Engine engine = Engine.open(options(), Clock.systemUTC())) {
            EngineAgent agent = new EngineAgent(engine, Clock.systemUTC(), notifier);
            assertThat(agent.sync("test")).isInstanceOf(PassOutcome.Applied.class);

            pin("1.1.0");
            breakVersion("1.1.0");
            PassOutcome rolledBack = agent.sync("test");
            assertThat(rolledBack).isInstanceOf(PassOutcome.RolledBack.class);
            Receiver.Request r = receiver.next(WAIT);
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/hook");
            assertThat(r.header(WebhookSink.SIGNATURE_HEADER))
                    .isEqualTo("sha256=" + new HmacSha256(SECRET.getBytes(StandardCharsets.UTF_8))
                            .hex(r.body().getBytes(StandardCharsets.UTF_8)));
            assertThat(r.header(WebhookSink.EVENT_HEADER)).isEqualTo("rolled_back");
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("event").asText()).isEqualTo("rolled_back");
            assertThat(body.get("host").asText()).isEqualTo("web-01");
            assertThat(body.get("component").asText()).isEqualTo("app");
            assertThat(body.get("from").asText()).isEqualTo("1.0.0");
            assertThat(body.get("to").asText()).isEqualTo("1.1.0");
            assertThat(body.get("state").asText()).isEqualTo("Blocked");
            assertThat(body.get("reason").asText()).isEqualTo("failed-at-commit");
            assertThat(body.get("commit").asText()).matches("[0-9a-f]{40}");
            assertThat(body.get("passId").asLong()).isEqualTo(rolledBack.passId().orElseThrow());
            assertThat(body.has("signer")).isTrue();

            // The component stays blocked at that commit: nothing new to tell.
            agent.sync("test");
            Files.delete(root.resolve("break-1.1.0"));
            pin("1.2.0");
            assertThat(agent.sync("test")).isInstanceOf(PassOutcome.Applied.class);
            JsonNode recovered = JSON.readTree(receiver.next(WAIT).body());
            assertThat(recovered.get("event").asText()).isEqualTo("recovered");
            assertThat(recovered.get("problem").asText()).isEqualTo("rolled_back");
            assertThat(recovered.get("component").asText()).isEqualTo("app");
            assertThat(recovered.get("from").asText()).isEqualTo("1.2.0");
            Thread.sleep(200);
            assertThat(receiver.pending()).as("one event per change, none repeated").isEmpty();
            assertThat(counts.of("webhook", DeliveryCounter.SENT)).isEqualTo(2);
        }
    }

    @Test
    void aFailingReceiverIsRetriedWithBackoffAndThenGivenUp() throws Exception {
        try (Receiver receiver = new Receiver().answer(500, 503); Notifier notifier = webhook(receiver.url("/"), quick(20));
             Engine engine = Engine.open(options(), Clock.systemUTC())) {
            EngineAgent agent = new EngineAgent(engine, Clock.systemUTC(), notifier);
            agent.sync("test");
            pin("1.1.0");
            breakVersion("1.1.0");
            agent.sync("test");
            String first = receiver.next(WAIT).body();
            assertThat(receiver.next(WAIT).body()).isEqualTo(first);
            assertThat(receiver.next(WAIT).body()).isEqualTo(first);
            await().atMost(WAIT).until(() -> counts.of("webhook", DeliveryCounter.SENT) == 1);
            assertThat(counts.of("webhook", DeliveryCounter.RETRIED)).isEqualTo(2);

            receiver.answer(500, 500, 500);
            Files.delete(root.resolve("break-1.1.0"));
            pin("1.2.0");
            agent.sync("test");
            await().atMost(WAIT).until(() -> counts.of("webhook", DeliveryCounter.FAILED) == 1);
            assertThat(receiver.pending()).hasSize(3);
        }
    }

    @Test
    void aFlappingHostIsHeldToTheSinksRateLimit() throws Exception {
        try (Receiver receiver = new Receiver(); Notifier notifier = webhook(receiver.url("/"), quick(2));
             Engine engine = Engine.open(options(), Clock.systemUTC())) {
            EngineAgent agent = new EngineAgent(engine, Clock.systemUTC(), notifier);
            agent.sync("test");
            // Each round trip breaks and mends the host: a rollback, then its recovery, and so on.
            for (int i = 0; i < 2; i++) {
                String v = "1." + (i % 2 + 1) + ".0";
                Files.deleteIfExists(root.resolve("break-" + v));
                repo.write("components/app/migrations/" + v + ".yaml", migrationOf(v, i));
                pin(v);
                breakVersion(v);
                agent.sync("test");
                Files.delete(root.resolve("break-" + v));
                pin("1.0.0");
                agent.sync("test");
            }
            await().atMost(WAIT).until(() -> counts.of("webhook", DeliveryCounter.SENT) == 2);
            assertThat(counts.of("webhook", DeliveryCounter.RATE_LIMITED)).as("two rollbacks and two recoveries, two a minute")
                    .isEqualTo(2);
            Thread.sleep(200);
            assertThat(receiver.pending()).hasSize(2);
        }
    }

    /** The migration of {@code v}, changed a little each round so that every round is a new commit to fail at. */
    private static String migrationOf(String v, int round) {
        return migration(v, "# round " + round + "\n");
    }

    @Test
    void aRollbackOverItsRtoIsToldOnceToTheWebhookAndToAlertmanagerWithItsDurationAndRto() throws Exception {
        try (Receiver receiver = new Receiver();
             Notifier notifier = Notifier.of(new NotifySettings(Optional.of(receiver.url("/hook")),
                     Optional.of(secretFile()), Optional.of(receiver.url("/am")), 20), quick(20), counts, Clock.systemUTC());
             Engine engine = Engine.open(options(), Clock.systemUTC())) {
            EngineAgent agent = new EngineAgent(engine, Clock.systemUTC(), notifier);
            assertThat(agent.sync("test")).isInstanceOf(PassOutcome.Applied.class);
            repo.write("components/app/migrations/1.1.0.yaml", migration("1.1.0", "").replace("up:\n", "rto: 1ms\nup:\n"));
            pin("1.1.0");
            breakVersion("1.1.0");

            PassOutcome rolledBack = agent.sync("test");
            agent.sync("test"); // still blocked at that commit: nothing new to tell

            assertThat(rolledBack).isInstanceOf(PassOutcome.RolledBack.class);
            List<JsonNode> hooks = new ArrayList<>();
            List<JsonNode> alertPosts = new ArrayList<>();
            for (int i = 0; i < 4; i++) { // webhook: rolled_back, rto_exceeded; Alertmanager: one post per pass
                Receiver.Request r = receiver.next(WAIT);
                (r.path().equals("/hook") ? hooks : alertPosts).add(JSON.readTree(r.body()));
            }
            Thread.sleep(200);
            assertThat(receiver.pending()).isEmpty();
            assertThat(hooks).extracting(h -> h.get("event").asText()).containsExactly("rolled_back", "rto_exceeded");
            JsonNode rto = hooks.get(1);
            assertThat(rto.get("component").asText()).isEqualTo("app");
            assertThat(rto.get("from").asText()).as("the version rolled back").isEqualTo("1.1.0");
            assertThat(rto.get("to").asText()).as("the version restored").isEqualTo("1.0.0");
            assertThat(rto.get("rtoSeconds").asDouble()).isEqualTo(0.001);
            assertThat(rto.get("durationSeconds").asDouble()).isGreaterThan(0.001);
            assertThat(rto.get("summary").asText()).startsWith("rollback of app 1.1.0 to 1.0.0 took ")
                    .endsWith(", more than its rto of 1ms");
            assertThat(rto.get("passId").asLong()).isEqualTo(rolledBack.passId().orElseThrow());
            assertThat(alertPosts.get(0).findValuesAsText("alertname"))
                    .containsExactlyInAnyOrder("VersiondRolledBack", "VersiondRtoExceeded");
            JsonNode alert = java.util.stream.StreamSupport.stream(alertPosts.get(0).spliterator(), false)
                    .filter(a -> a.get("labels").get("alertname").asText().equals("VersiondRtoExceeded")).findFirst()
                    .orElseThrow();
            assertThat(alert.get("labels").get("component").asText()).isEqualTo("app");
            assertThat(alert.get("labels").get("severity").asText()).isEqualTo("warning");
            assertThat(alert.get("annotations").get("rto_seconds").asText()).isEqualTo("0.001");
            assertThat(alert.get("annotations").has("duration_seconds")).isTrue();
            assertThat(alert.has("endsAt")).as("firing; Alertmanager resolves it after its resolve_timeout").isFalse();
            assertThat(alertPosts.get(1).findValuesAsText("alertname")).as("the next pass: the rollback still open, "
                    + "the notice not posted again").containsExactly("VersiondRolledBack");
        }
    }

    @Test
    void deadSinksDoNotDelayPasses() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int refused;
            try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                refused = closed.getLocalPort();
            }
            // The silent one accepts (the kernel's backlog) and never answers: only the request timeout ends it.
            Delivery patient = new Delivery(Duration.ofSeconds(30), Duration.ofSeconds(60), 3, Duration.ofMillis(50),
                    10, 20);
            NotifySettings settings = new NotifySettings(
                    Optional.of(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/")),
                    Optional.of(secretFile()), Optional.of(URI.create("http://127.0.0.1:" + refused)), 20);
            try (Notifier notifier = Notifier.of(settings, patient, counts, Clock.systemUTC());
                 Engine engine = Engine.open(options(), Clock.systemUTC())) {
                EngineAgent agent = new EngineAgent(engine, Clock.systemUTC(), notifier);
                agent.sync("test");
                pin("1.1.0");
                breakVersion("1.1.0");
                long started = System.nanoTime();
                assertThat(agent.sync("test")).isInstanceOf(PassOutcome.RolledBack.class);
                for (int i = 0; i < 5; i++) {
                    agent.sync("test");
                }
                Duration passes = Duration.ofNanos(System.nanoTime() - started);
                assertThat(passes).as("six passes with both sinks dead, against a 60 s request timeout")
                        .isLessThan(Duration.ofSeconds(30));
                await().atMost(WAIT).until(() -> counts.of("alertmanager", DeliveryCounter.FAILED) >= 1);
                assertThat(counts.of("webhook", DeliveryCounter.SENT)).isZero();
                assertThat(counts.of("webhook", DeliveryCounter.FAILED)).isZero();
            }
        }
    }
}
