package dev.versiond.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.versiond.daemon.config.HttpAddress;
import dev.versiond.daemon.metrics.AgentMetrics;
import dev.versiond.daemon.reconcile.AgentStatus;
import dev.versiond.daemon.reconcile.ComponentState;
import dev.versiond.daemon.reconcile.ComponentStatus;
import dev.versiond.daemon.reconcile.FakeAgent;
import dev.versiond.daemon.reconcile.PassOutcome;
import dev.versiond.daemon.reconcile.Phase;
import dev.versiond.daemon.reconcile.Progress;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiServerTest {
    private static final String TOKEN = "s3cret-token";
    private static final HttpAddress ANY_PORT = new HttpAddress("127.0.0.1", 0);

    private final FakeAgent agent = new FakeAgent();
    private final AgentMetrics metrics = new AgentMetrics(Clock.systemUTC());
    private final AtomicInteger syncRequests = new AtomicInteger();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private ApiServer server;

    private ApiServer start(Optional<BearerToken> token) {
        server = ApiServer.start(agent, syncRequests::incrementAndGet, metrics::scrape, ANY_PORT, token);
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        metrics.close();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, Optional<String> authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody());
        authorization.ifPresent(a -> b.header("Authorization", a));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private JsonNode body(HttpResponse<String> r) throws IOException {
        return json.readTree(r.body());
    }

    @Test
    void fleetServesTheStatusRepositorysViewAndSaysWhenStatusIsOff() throws Exception {
        String commit = "ab".repeat(20);
        dev.versiond.daemon.fleet.FleetView view = new dev.versiond.daemon.fleet.FleetView(List.of(), List.of(
                new dev.versiond.daemon.fleet.FleetView.Rollout("prod", commit,
                        Map.of(0, new dev.versiond.daemon.fleet.FleetView.WaveCount(0, 2, 0)), true, List.of("a", "b"),
                        Optional.of("rollout halted"))));
        java.util.List<Optional<String>> asked = new java.util.ArrayList<>();
        server = ApiServer.start(agent, syncRequests::incrementAndGet, metrics::scrape, ANY_PORT, Optional.empty(),
                target -> {
                    asked.add(target);
                    return Optional.of(view);
                });

        JsonNode r = body(get("/fleet?target=prod"));

        assertThat(asked).containsExactly(Optional.of("prod"));
        assertThat(r.at("/rollouts/0/halted").asBoolean()).isTrue();
        assertThat(r.at("/rollouts/0/failing").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(r.at("/rollouts/0/waves/0/failed").asInt()).isEqualTo(2);
        server.close();

        start(Optional.empty());
        HttpResponse<String> off = get("/fleet");
        assertThat(off.statusCode()).isEqualTo(501);
        assertThat(body(off).get("error").asText()).contains("host status in Git is off");
    }

    @Test
    void healthzAnswersOkWhileServing() throws Exception {
        start(Optional.empty());

        HttpResponse<String> r = get("/healthz");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("ok");
        assertThat(server.port()).isPositive();
    }

    @Test
    void readyzIsUnavailableUntilTheFirstPassEnded() throws Exception {
        agent.setStatus(FakeAgent.status(false));
        start(Optional.empty());

        assertThat(get("/readyz").statusCode()).isEqualTo(503);
        agent.setStatus(FakeAgent.status(true));
        assertThat(get("/readyz").statusCode()).isEqualTo(200);
    }

    @Test
    void statusShowsHostRevisionAndEachComponentWithItsStateLabel() throws Exception {
        agent.setStatus(FakeAgent.status(true, FakeAgent.synced("db", "9.1.0"),
                FakeAgent.waiting("app", "1.2.0", "1.3.0", "outside maintenance window")));
        start(Optional.empty());

        HttpResponse<String> r = get("/status");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode s = body(r);
        assertThat(s.get("host").asText()).isEqualTo("web-01");
        assertThat(s.get("labels").get("env").asText()).isEqualTo("prod");
        assertThat(s.get("ready").asBoolean()).isTrue();
        assertThat(s.get("suspended").asBoolean()).isFalse();
        assertThat(s.get("phase").asText()).isEqualTo("idle");
        assertThat(s.get("revision").get("commit").asText()).startsWith("abc1234");
        assertThat(s.get("revision").get("fetchedAt").asText()).isEqualTo("2026-11-21T10:00:05Z");
        assertThat(s.get("revision").get("signer").asText()).isEqualTo("ops@example.com");
        assertThat(s.get("revision").fieldNames()).toIterable()
                .containsExactly("commit", "ref", "commitTime", "fetchedAt", "signer");
        assertThat(s.get("revision").get("ref").asText()).isEqualTo("main");
        assertThat(s.get("revision").get("commitTime").asText()).isEqualTo("2026-11-21T10:00:00Z");
        assertThat(s.get("nextWindow").isNull()).isTrue();
        assertThat(s.get("lastSuccess").asText()).isEqualTo("2026-11-21T10:00:06Z");
        JsonNode db = s.get("components").get(0);
        assertThat(db.get("name").asText()).isEqualTo("db");
        assertThat(db.get("state").asText()).isEqualTo("Synced");
        assertThat(db.get("reason").isNull()).isTrue();
        JsonNode app = s.get("components").get(1);
        assertThat(app.get("recorded").asText()).isEqualTo("1.2.0");
        assertThat(app.get("desired").asText()).isEqualTo("1.3.0");
        assertThat(app.get("state").asText()).isEqualTo("Waiting");
        assertThat(app.get("reason").asText()).isEqualTo("outside maintenance window");
        assertThat(app.get("lastError").isNull()).isTrue();
    }

    @Test
    void statusDuringAPassShowsProgressOnThePassAndItsComponent() throws Exception {
        AgentStatus base = FakeAgent.status(true);
        agent.setStatus(new AgentStatus(base.host(), base.labels(), true, false, Phase.APPLYING, base.revision(),
                base.nextWindow(), Optional.of(new Progress(2, 5, "app", "1.3.0", "restart")), base.lastError(),
                base.lastSuccess(), List.of(new ComponentStatus("app", Optional.of("1.2.0"), Optional.of("1.3.0"),
                        ComponentState.PROGRESSING, Optional.empty(), Optional.empty()))));
        start(Optional.empty());

        JsonNode s = body(get("/status"));

        assertThat(s.get("phase").asText()).isEqualTo("applying");
        assertThat(s.get("progress").get("text").asText()).isEqualTo("2/5");
        assertThat(s.get("progress").get("step").asText()).isEqualTo("restart");
        assertThat(s.get("components").get(0).get("state").asText()).isEqualTo("Progressing");
        assertThat(s.get("components").get(0).get("progress").asText()).isEqualTo("2/5 1.3.0/restart");
    }

    @Test
    void planIsTheAgentsPlanViewAsJson() throws Exception {
        start(Optional.empty());

        JsonNode p = body(get("/plan"));

        assertThat(p.get("host").asText()).isEqualTo("web-01");
        assertThat(p.get("commit").asText()).isEqualTo("abc1234");
        assertThat(p.get("hasChanges").asBoolean()).isTrue();
        JsonNode app = p.get("components").get(0);
        assertThat(app.get("component").asText()).isEqualTo("app");
        assertThat(app.get("action").asText()).isEqualTo("upgrade");
        assertThat(app.get("steps").get(0).get("diff").isNull()).isTrue();
        assertThat(app.get("steps").get(1).get("diff").asText()).contains("+y");
        assertThat(app.get("steps").get(1).get("kind").asText()).isEqualTo("file");
    }

    @Test
    void historyListsPassesWithStepsAndPassesLimitAndComponentThrough() throws Exception {
        start(Optional.empty());

        JsonNode h = body(get("/history"));
        assertThat(agent.lastHistoryQuery()).isEqualTo("*:20");
        assertThat(h.isArray()).isTrue();
        JsonNode pass = h.get(0);
        assertThat(pass.get("id").asLong()).isEqualTo(3);
        assertThat(pass.get("trigger").asText()).isEqualTo("poll");
        assertThat(pass.get("startedAt").asText()).isEqualTo("2026-11-21T10:00:00Z");
        assertThat(pass.get("changes").get(0).get("from").asText()).isEqualTo("1.2.0");
        assertThat(pass.get("steps").get(0).get("duration").asText()).isEqualTo("PT1.5S");
        assertThat(pass.get("steps").get(0).get("error").isNull()).isTrue();

        assertThat(get("/history?limit=5&component=app").statusCode()).isEqualTo(200);
        assertThat(agent.lastHistoryQuery()).isEqualTo("app:5");
        assertThat(get("/history?limit=500").statusCode()).isEqualTo(200);
    }

    @Test
    void historyRefusesALimitOutsideOneToFiveHundred() throws Exception {
        start(Optional.empty());

        for (String bad : List.of("0", "501", "abc", "-3")) {
            HttpResponse<String> r = get("/history?limit=" + bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(body(r).get("code").asText()).isEqualTo("USAGE");
            assertThat(body(r).get("error").asText()).contains("limit: '" + bad + "'");
        }
    }

    @Test
    void theRootServesTheStatusPageAsHtmlThatLoadsOnlyItsOwnAssets() throws Exception {
        start(Optional.of(BearerToken.of(TOKEN)));

        HttpResponse<String> page = get("/");
        HttpResponse<String> css = get("/assets/status.css");
        HttpResponse<String> js = get("/assets/status.js");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).contains(ApiServer.PAGE_POLICY);
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(page.body()).contains("<h1 id=\"host\">web-01</h1>").contains("href=\"/assets/status.css\"")
                .doesNotContainPattern("(src|href)=\"(https?:)?//").doesNotContain(TOKEN);
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
        assertThat(js.body()).contains("fetch('/status'");
        assertThat(send("POST", "/").statusCode()).isEqualTo(405);
    }

    @Test
    void metricsServesThePrometheusText() throws Exception {
        metrics.passFinished(PassOutcome.noChange(Optional.empty(), "ok"), Duration.ofMillis(40));
        start(Optional.empty());

        HttpResponse<String> r = get("/metrics");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(r.body()).contains("versiond_polls_total{result=\"no_change\"} 1").contains("jvm_memory_used_bytes");
    }

    @Test
    void mutatingEndpointsWithoutATokenHeaderAreUnauthorized() throws Exception {
        start(Optional.of(BearerToken.of(TOKEN)));

        for (String path : List.of("/sync", "/suspend", "/resume", "/retry")) {
            HttpResponse<String> r = post(path, Optional.empty());
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            assertThat(body(r).get("code").asText()).isEqualTo("UNAUTHORIZED");
        }
        assertThat(agent.calls()).isEmpty();
        assertThat(syncRequests).hasValue(0);
    }

    @Test
    void aWrongTokenIsUnauthorizedAndNeverEchoed() throws Exception {
        start(Optional.of(BearerToken.of(TOKEN)));

        HttpResponse<String> r = post("/suspend", Optional.of("Bearer " + TOKEN + "x"));

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).doesNotContain(TOKEN);
        assertThat(post("/suspend", Optional.of("Basic " + TOKEN)).statusCode()).isEqualTo(401);
        assertThat(agent.calls()).isEmpty();
    }

    @Test
    void theRightTokenReachesTheAgent() throws Exception {
        start(Optional.of(BearerToken.of(TOKEN)));
        Optional<String> auth = Optional.of("Bearer " + TOKEN);

        assertThat(post("/suspend", auth).statusCode()).isEqualTo(200);
        assertThat(post("/resume", auth).statusCode()).isEqualTo(200);
        HttpResponse<String> retry = post("/retry?component=db", auth);
        assertThat(post("/retry", auth).statusCode()).isEqualTo(200);
        HttpResponse<String> sync = post("/sync", auth);

        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(body(retry).get("host").asText()).isEqualTo("web-01");
        assertThat(sync.statusCode()).isEqualTo(202);
        assertThat(body(sync).get("accepted").asBoolean()).isTrue();
        assertThat(agent.calls()).containsExactly("suspend", "resume", "retry:db", "retry:*");
        assertThat(syncRequests).hasValue(1);
    }

    @Test
    void withoutAConfiguredTokenMutatingEndpointsAreForbidden() throws Exception {
        start(Optional.empty());

        HttpResponse<String> r = post("/sync", Optional.of("Bearer anything"));

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(body(r).get("error").asText()).contains("no token configured");
        assertThat(syncRequests).hasValue(0);
    }

    @Test
    void unknownPathsAnswerJson404() throws Exception {
        start(Optional.empty());

        HttpResponse<String> r = get("/nope");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(body(r).get("code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void otherMethodsOnAKnownPathAnswer405WithTheMethodsItAllows() throws Exception {
        start(Optional.of(BearerToken.of(TOKEN)));

        for (String method : List.of("TRACE", "PUT", "DELETE", "PATCH", "POST")) {
            HttpResponse<String> r = send(method, "/status");

            assertThat(r.statusCode()).as(method).isEqualTo(405);
            assertThat(r.headers().firstValue("Allow")).as(method).contains("GET, HEAD");
            assertThat(body(r).get("code").asText()).isEqualTo("METHOD_NOT_ALLOWED");
        }
        HttpResponse<String> getSync = get("/sync");
        assertThat(getSync.statusCode()).isEqualTo(405);
        assertThat(getSync.headers().firstValue("Allow")).contains("POST");
        assertThat(syncRequests).hasValue(0);
        assertThat(send("HEAD", "/healthz").statusCode()).as("HEAD, as Allow says").isEqualTo(200);
    }

    @Test
    void otherMethodsOnAnUnknownPathStay404() throws Exception {
        start(Optional.empty());

        for (String method : List.of("GET", "TRACE", "PUT", "DELETE", "PATCH")) {
            HttpResponse<String> r = send(method, "/nope");

            assertThat(r.statusCode()).as(method).isEqualTo(404);
            assertThat(r.headers().firstValue("Allow")).as(method).isEmpty();
        }
    }

    @Test
    void agentErrorsBecomeJsonWithTheStatusOfTheirCode() throws Exception {
        start(Optional.empty());

        agent.failPlanWith(new VersiondException(ErrorCode.SOURCE, "remote unreachable: connection refused"));
        HttpResponse<String> source = get("/plan");
        agent.failPlanWith(new IllegalStateException("bug"));
        HttpResponse<String> bug = get("/plan");

        assertThat(source.statusCode()).isEqualTo(502);
        assertThat(body(source).get("code").asText()).isEqualTo("SOURCE");
        assertThat(body(source).get("error").asText()).isEqualTo("remote unreachable: connection refused");
        assertThat(bug.statusCode()).isEqualTo(500);
        assertThat(body(bug).get("code").asText()).isEqualTo("INTERNAL");
    }

    @Test
    void anAddressInUseIsRefusedNamingIt() {
        start(Optional.empty());
        HttpAddress taken = new HttpAddress("127.0.0.1", server.port());

        assertThatThrownBy(() -> ApiServer.start(agent, () -> { }, () -> "", taken, Optional.empty()))
                .isInstanceOfSatisfying(VersiondException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG))
                .hasMessageContaining("http: cannot listen on 127.0.0.1:" + server.port());
    }

    @Test
    void tokenFileIsTrimmedAndAnEmptyOneRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("token");
        Files.writeString(file, "  " + TOKEN + "\n");
        BearerToken token = BearerToken.read(file);
        Files.writeString(file, "\n");

        assertThat(token.matches(TOKEN)).isTrue();
        assertThat(token.matches(TOKEN + " ")).isFalse();
        assertThat(token.toString()).doesNotContain(TOKEN);
        assertThatThrownBy(() -> BearerToken.read(file)).hasMessageContaining("token-file: " + file + " is empty");
        assertThatThrownBy(() -> BearerToken.read(dir.resolve("absent"))).hasMessageContaining("token-file: cannot read");
    }
}
