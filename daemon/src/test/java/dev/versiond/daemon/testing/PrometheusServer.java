package dev.versiond.daemon.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (Debian's {@code prometheus} package, {@code /usr/bin/prometheus}) run as
 * a child process on a private port and data directory, scraping every second an exporter this
 * fixture serves (Javalin on port 0) whose gauges a test sets. {@code .ci/run} installs the package;
 * without it the test fails unless {@value #OPT_OUT}{@code =1} says to skip on purpose.
 */
public final class PrometheusServer implements AutoCloseable {
    public static final String OPT_OUT = "VERSIOND_TEST_NO_PROMETHEUS";
    private static final String BINARY = System.getenv().getOrDefault("VERSIOND_TEST_PROMETHEUS_BIN", "/usr/bin/prometheus");

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private final Map<String, Double> gauges = new ConcurrentHashMap<>();
    private final Javalin exporter;
    private final Process process;
    private final String url;
    private final HttpClient http = HttpClient.newHttpClient();

    private PrometheusServer(Path dir) throws IOException {
        exporter = Javalin.create().get("/metrics", ctx -> {
            StringBuilder out = new StringBuilder();
            new TreeMap<>(gauges).forEach((name, value) -> out.append(name).append(' ').append(value).append('\n'));
            ctx.contentType("text/plain; version=0.0.4").result(out.toString());
        }).start("127.0.0.1", 0);
        int port = freePort();
        Files.writeString(dir.resolve("prometheus.yml"), """
                global: { scrape_interval: 1s, evaluation_interval: 1s }
                scrape_configs:
                  - job_name: app
                    static_configs: [{ targets: ["127.0.0.1:%d"] }]
                """.formatted(exporter.port()));
        process = new ProcessBuilder(BINARY, "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        url = "http://127.0.0.1:" + port;
    }

    /** A started server, or empty when the test is skipped on purpose ({@value #OPT_OUT}=1). */
    public static Optional<PrometheusServer> start(Path dir) {
        if (!Files.isExecutable(Path.of(BINARY))) {
            assertThat(System.getenv(OPT_OUT)).as("no Prometheus at " + BINARY + ": .ci/run installs Debian's "
                    + "prometheus package; set " + OPT_OUT + "=1 to skip this test on purpose").isEqualTo("1");
            return Optional.empty();
        }
        try {
            PrometheusServer server = new PrometheusServer(dir);
            server.awaitReady();
            return Optional.of(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's base URL. */
    public String url() {
        return url;
    }

    /** Sets a gauge the exporter serves and waits until Prometheus has scraped that value. */
    public void set(String name, double value) {
        gauges.put(name, value);
        awaitValue(name, value);
    }

    private void awaitReady() {
        Instant until = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(until)) {
            if (get("/-/ready").map(r -> r.statusCode() == 200).orElse(false)) {
                return;
            }
            pause();
        }
        throw new IllegalStateException("Prometheus did not become ready at " + url);
    }

    private void awaitValue(String name, double value) {
        Instant until = Instant.now().plusSeconds(30);
        String query = "/api/v1/query?query=" + URLEncoder.encode(name, StandardCharsets.UTF_8);
        while (Instant.now().isBefore(until)) {
            Optional<String> body = get(query).filter(r -> r.statusCode() == 200).map(HttpResponse::body);
            if (body.isPresent() && scraped(body.get(), value)) {
                return;
            }
            pause();
        }
        throw new IllegalStateException("Prometheus did not scrape " + name + " = " + value + " within 30 s");
    }

    /** Whether the query API's answer has a sample equal to {@code value}. */
    private static boolean scraped(String body, double value) {
        try {
            for (com.fasterxml.jackson.databind.JsonNode r : JSON.readTree(body).path("data").path("result")) {
                if (Double.parseDouble(r.path("value").path(1).asText("NaN")) == value) {
                    return true;
                }
            }
            return false;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    private Optional<HttpResponse<String>> get(String path) {
        try {
            return Optional.of(http.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        exporter.stop();
    }
}
