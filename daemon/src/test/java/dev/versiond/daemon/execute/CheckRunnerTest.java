package dev.versiond.daemon.execute;

import static dev.versiond.daemon.execute.Steps.check;
import static dev.versiond.daemon.execute.Steps.context;
import static dev.versiond.daemon.execute.Steps.sh;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.versiond.daemon.execute.StepResult.Outcome;
import dev.versiond.spec.model.CheckStep;
import dev.versiond.spec.model.Probe;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckRunnerTest {
    // On fake time: the interval and deadline cost nothing, and leave each attempt its full
    // (real) timeout, so a cold HTTP client on a busy machine cannot make a test flaky.
    private static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path root;

    private final FakeTime time = new FakeTime();
    private final HostStepExecutor executor = Steps.executor(time);
    private final Deque<Integer> statuses = new ArrayDeque<>();
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/healthz", exchange -> {
            requests.incrementAndGet();
            int status;
            synchronized (statuses) {
                status = statuses.size() > 1 ? statuses.removeFirst() : statuses.getFirst();
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void httpCheckPassesWhenTheExpectedStatusAnswers() {
        answer(200);

        StepResult result = executor.apply(check(health(200), INTERVAL, DEADLINE), context(root));

        assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(result.outputTail()).isEqualTo("GET " + url() + " answered 200");
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void httpCheckIsRetriedEveryIntervalUntilItPasses() {
        answer(500, 500, 200);

        StepResult result = executor.apply(check(health(200), INTERVAL, DEADLINE), context(root));

        assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(requests).hasValue(3);
        assertThat(time.sleeps()).containsExactly(INTERVAL, INTERVAL);
    }

    @Test
    void httpCheckFailsAtTheDeadlineNamingTheLastAnswer() {
        answer(500);

        StepResult result = executor.apply(check(health(200), INTERVAL, DEADLINE), context(root));

        // Attempts at 0, 5, … 30s: the last one lands on the deadline.
        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.error().orElseThrow()).isEqualTo("check did not pass within 30s (7 attempts): GET "
                + url() + " answered 500, expected 200");
        assertThat(requests).hasValue(7);
        assertThat(result.duration()).isEqualTo(DEADLINE);
    }

    @Test
    void httpCheckOnRealTimeGivesUpShortlyAfterItsDeadline() {
        HostStepExecutor real = new HostStepExecutor(ExecutorOptions.defaults());
        answer(200);
        // Warm up: the first request of a JVM loads the HTTP client, which may alone take 300ms.
        assertThat(real.apply(check(health(200), INTERVAL, DEADLINE), context(root)).outcome()).isEqualTo(Outcome.APPLIED);
        answer(500);
        requests.set(0);

        long started = System.nanoTime();
        StepResult result = real.apply(check(health(200), Duration.ofMillis(50), Duration.ofMillis(300)), context(root));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
        assertThat(requests.get()).as(result.error().orElse("")).isBetween(1, 7);
    }

    @Test
    void httpCheckMayExpectAnotherStatus() {
        answer(503);

        StepResult result = executor.apply(check(health(503), INTERVAL, DEADLINE), context(root));

        assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
    }

    @Test
    void httpCheckAgainstAClosedPortReportsConnectionRefused() throws IOException {
        int port = closedPort();

        StepResult result = executor.apply(check(new Probe.Http("http://127.0.0.1:" + port + "/healthz", 200),
                INTERVAL, Duration.ZERO), context(root));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.error().orElseThrow()).contains("(1 attempt)").endsWith("connection refused");
    }

    @Test
    void tcpCheckPassesWhenThePortIsOpen() throws IOException {
        try (ServerSocket open = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            StepResult result = executor.apply(check(new Probe.Tcp("127.0.0.1", open.getLocalPort()),
                    INTERVAL, DEADLINE), context(root));

            assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
        }
    }

    @Test
    void tcpCheckFailsWhenThePortStaysClosed() throws IOException {
        int port = closedPort();

        StepResult result = executor.apply(check(new Probe.Tcp("127.0.0.1", port), INTERVAL, Duration.ofSeconds(10)),
                context(root));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.error().orElseThrow())
                .isEqualTo("check did not pass within 10s (3 attempts): connect 127.0.0.1:" + port + ": connection refused");
    }

    @Test
    void commandCheckPassesOnceTheCommandExitsZero() {
        Path counter = root.resolve("tries");
        CheckStep step = check(new Probe.Exec(sh("echo x >> " + counter + "; test $(wc -l < " + counter + ") -ge 3")),
                INTERVAL, DEADLINE);

        StepResult result = executor.apply(step, context(root));

        assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(time.sleeps()).hasSize(2);
    }

    @Test
    void commandCheckFailureCarriesTheLastStatusAndOutput() {
        CheckStep step = check(new Probe.Exec(sh("echo not ready; exit 4")), INTERVAL, Duration.ofSeconds(10));

        StepResult result = executor.apply(step, context(root));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.error().orElseThrow()).endsWith("`echo not ready; exit 4` exited with status 4");
        assertThat(result.outputTail()).isEqualTo("not ready\n");
    }

    @Test
    void checkChangesNothingSoHasNothingToCaptureOrUndo() {
        CheckStep step = check(health(200), INTERVAL, DEADLINE);

        assertThat(executor.capture(step, context(root))).isEqualTo(Prior.nothing());
        assertThat(executor.reverse(step, Prior.nothing(), context(root)).outcome()).isEqualTo(Outcome.SKIPPED);
        assertThat(executor.probe(step, context(root))).isEmpty();
        assertThat(requests).hasValue(0);
    }

    private void answer(Integer... codes) {
        synchronized (statuses) {
            statuses.clear();
            statuses.addAll(List.of(codes));
        }
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/healthz";
    }

    private Probe.Http health(int status) {
        return new Probe.Http(url(), status);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
