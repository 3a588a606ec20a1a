package dev.versiond.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.versiond.daemon.config.HttpAddress;
import dev.versiond.daemon.hooks.PushHook;
import dev.versiond.daemon.reconcile.Engine;
import dev.versiond.daemon.reconcile.EngineAgent;
import dev.versiond.daemon.reconcile.EngineHost;
import dev.versiond.daemon.reconcile.PassListener;
import dev.versiond.daemon.schedule.PollScheduler;
import dev.versiond.daemon.schedule.PollTiming;
import dev.versiond.daemon.secret.HmacSha256;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /hooks/git} over real HTTP against Javalin on port 0, in front of a real engine whose
 * scheduler polls once an hour: only the hook can make it pass again.
 */
class GitHookTest extends EngineHost {
    private static final String SECRET = "push-secret";
    private static final String PAYLOAD = "{\"ref\":\"refs/heads/main\",\"after\":\"0000000000000000000000000000000000000000\"}";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger passes = new AtomicInteger();
    private Engine engine;
    private PollScheduler scheduler;
    private PushHook hook;
    private ApiServer server;

    @BeforeEach
    void agentBehindTheHook() throws Exception {
        engine = Engine.open(options(), Clock.systemUTC());
        EngineAgent agent = new EngineAgent(engine, Clock.systemUTC(), PassListener.NONE);
        scheduler = new PollScheduler(agent, new PollTiming(Duration.ofHours(1), 0, PollTiming.DEFAULT_MAX_BACKOFF),
                Clock.systemUTC(), new SecureRandom(), o -> passes.incrementAndGet());
        Path secret = Files.writeString(dir.resolve("hook-secret"), SECRET + "\n");
        hook = PushHook.of(secret, scheduler::syncNow, PushHook.DEFAULT_QUIET, 20, Clock.systemUTC());
        server = ApiServer.start(agent, scheduler::syncNow, () -> "", new HttpAddress("127.0.0.1", 0), Optional.empty(),
                Optional.of(hook));
        scheduler.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> passes.get() == 1);
    }

    @AfterEach
    void stopAll() {
        server.close();
        hook.close();
        scheduler.stop(Duration.ofSeconds(10));
        engine.close();
    }

    private HttpResponse<String> post(Map<String, String> headers, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/hooks/git"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String hmac(String secret, String body) {
        return new HmacSha256(secret.getBytes(StandardCharsets.UTF_8)).hex(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBurstOfSignedPushesIsOnePollThatAppliesTheNewCommit() throws Exception {
        pin("1.1.0");
        byte[] body = PAYLOAD.getBytes(StandardCharsets.UTF_8);
        assertThat(post(Map.of("X-Hub-Signature-256", "sha256=" + hmac(SECRET, PAYLOAD)), body).statusCode()).isEqualTo(202);
        assertThat(post(Map.of("X-Gitea-Signature", hmac(SECRET, PAYLOAD)), body).statusCode()).isEqualTo(202);
        assertThat(post(Map.of("X-Forgejo-Signature", hmac(SECRET, PAYLOAD).toUpperCase()), body).statusCode()).isEqualTo(202);
        assertThat(post(Map.of("X-Gitlab-Token", SECRET), body).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20)).until(() -> passes.get() == 2);
        assertThat(Files.readString(root.resolve("opt/app/VERSION"))).isEqualTo("1.1.0\n");
        Thread.sleep(PushHook.DEFAULT_QUIET.toMillis() + 500);
        assertThat(passes.get()).as("four pushes within the quiet period, one poll").isEqualTo(2);
    }

    @Test
    void unsignedOrWronglySignedPushesAreRefusedAndPollNothing() throws Exception {
        byte[] body = PAYLOAD.getBytes(StandardCharsets.UTF_8);
        assertThat(post(Map.of(), body).statusCode()).isEqualTo(401);
        assertThat(post(Map.of("X-Hub-Signature-256", "sha256=" + hmac("other", PAYLOAD)), body).statusCode()).isEqualTo(401);
        assertThat(post(Map.of("X-Hub-Signature-256", hmac(SECRET, PAYLOAD)), body).statusCode())
                .as("GitHub's form has the sha256= prefix").isEqualTo(401);
        assertThat(post(Map.of("X-Gitea-Signature", hmac(SECRET, PAYLOAD + " ")), body).statusCode()).isEqualTo(401);
        assertThat(post(Map.of("X-Gitlab-Token", SECRET + "x"), body).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = post(Map.of("X-Gitlab-Token", "nope"), body);
        assertThat(wrong.body()).doesNotContain(SECRET);
        Thread.sleep(PushHook.DEFAULT_QUIET.toMillis() + 500);
        assertThat(passes.get()).isEqualTo(1);
    }

    @Test
    void anOversizedBodyIs413() throws Exception {
        byte[] big = new byte[PushHook.MAX_BODY + 1];
        String sig = new HmacSha256(SECRET.getBytes(StandardCharsets.UTF_8)).hex(big);
        assertThat(post(Map.of("X-Hub-Signature-256", "sha256=" + sig), big).statusCode()).isEqualTo(413);
    }

    @Test
    void aFloodIsRateLimitedWith429() throws Exception {
        byte[] body = PAYLOAD.getBytes(StandardCharsets.UTF_8);
        int limited = 0;
        for (int i = 0; i < 25; i++) {
            HttpResponse<String> r = post(Map.of(), body);
            if (r.statusCode() == 429) {
                limited++;
                assertThat(r.headers().firstValue("Retry-After")).isPresent();
            } else {
                assertThat(r.statusCode()).isEqualTo(401);
            }
        }
        assertThat(limited).as("20 a minute, 25 asked").isEqualTo(5);
    }
}
