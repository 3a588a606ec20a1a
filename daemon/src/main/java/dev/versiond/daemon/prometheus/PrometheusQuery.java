package dev.versiond.daemon.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.versiond.spec.model.Probe;
import dev.versiond.spec.model.Threshold;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Evaluates a {@link Probe.Prometheus}: one instant query, {@code GET <server>/api/v1/query?query=…},
 * whose answer (a vector or a scalar) passes when it has at least one sample and every sample meets
 * the threshold. An empty vector fails (a query that matches nothing is no evidence of health), as
 * does a value that is not a number, an error answer and no answer within the timeout. The answer
 * is read up to {@link #MAX_BODY} bytes. Thread-safe; one HTTP client for all queries.
 */
public final class PrometheusQuery {
    /** The most of an answer read: a query meant for a threshold returns a few samples. */
    static final int MAX_BODY = 1 << 20;
    /** How many samples a failure names. */
    private static final int NAMED = 3;

    private HttpClient http;

    /**
     * @param host the agent's host name, for {@code {{host}}} in the query
     * @param timeout how long the query may take, answer included
     */
    public QueryVerdict evaluate(Probe.Prometheus probe, String host, Duration timeout) {
        String query = probe.queryFor(host);
        String what = "query '" + query + "' on " + probe.server();
        HttpRequest request;
        try {
            String base = probe.server().endsWith("/") ? probe.server() : probe.server() + "/";
            request = HttpRequest.newBuilder(URI.create(base + "api/v1/query?query="
                    + URLEncoder.encode(query, StandardCharsets.UTF_8))).timeout(timeout).GET().build();
        } catch (IllegalArgumentException e) {
            return QueryVerdict.fail(what + ": invalid URL: " + e.getMessage());
        }
        // The answer is read within the timeout and up to MAX_BODY + 1 bytes, never whole.
        CompletableFuture<Answer> answer = client().sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .thenApply(PrometheusQuery::bounded);
        Answer response;
        try {
            response = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            return QueryVerdict.fail(what + ": no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return QueryVerdict.fail(what + ": " + (cause.getMessage() != null ? cause.getMessage()
                    : cause.getClass().getSimpleName()));
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            return QueryVerdict.fail(what + ": interrupted");
        }
        if (response.body().length > MAX_BODY) {
            return QueryVerdict.fail(what + ": answer larger than " + MAX_BODY + " bytes");
        }
        try {
            return judge(what, Json.MAPPER.readTree(response.body()), response.status(), probe.threshold());
        } catch (IOException e) {
            return QueryVerdict.fail(what + ": answered HTTP " + response.status() + " with something that is "
                    + "not the query API's JSON");
        }
    }

    private record Answer(int status, byte[] body) {
    }

    private static Answer bounded(HttpResponse<java.io.InputStream> response) {
        try (java.io.InputStream in = response.body()) {
            return new Answer(response.statusCode(), in.readNBytes(MAX_BODY + 1));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Judges the query API's answer ({@code {status, data: {resultType, result}}} or {@code {status: error, error}}). */
    static QueryVerdict judge(String what, JsonNode answer, int status, Threshold threshold) {
        if (!"success".equals(answer.path("status").asText())) {
            return QueryVerdict.fail(what + ": Prometheus answered HTTP " + status + ": "
                    + answer.path("errorType").asText("error") + ": " + answer.path("error").asText("(no message)"));
        }
        JsonNode data = answer.path("data");
        List<Sample> samples = new ArrayList<>();
        switch (data.path("resultType").asText()) {
            case "scalar" -> samples.add(new Sample("", value(data.path("result"))));
            case "vector" -> data.path("result").forEach(r -> samples.add(new Sample(labels(r.path("metric")),
                    value(r.path("value")))));
            default -> {
                return QueryVerdict.fail(what + ": a " + data.path("resultType").asText("missing") + " result; a threshold "
                        + "needs an instant vector or a scalar");
            }
        }
        if (samples.isEmpty()) {
            return QueryVerdict.fail(what + " returned no samples, needs " + threshold);
        }
        List<Sample> failing = samples.stream().filter(s -> !threshold.holds(s.value())).toList();
        if (failing.isEmpty()) {
            return QueryVerdict.pass(what + " = " + shown(samples) + ", " + threshold);
        }
        return QueryVerdict.fail(what + " = " + shown(failing) + (failing.size() < samples.size()
                ? " (" + failing.size() + " of " + samples.size() + " samples)" : "") + ", needs " + threshold);
    }

    private static String shown(List<Sample> samples) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(NAMED, samples.size()); i++) {
            out.append(i == 0 ? "" : ", ").append(Threshold.number(samples.get(i).value())).append(samples.get(i).labels());
        }
        return out + (samples.size() > NAMED ? " and " + (samples.size() - NAMED) + " more" : "");
    }

    /** {@code [<time>, "<value>"]} as a number; NaN when it is not one (it then meets no threshold). */
    private static double value(JsonNode pair) {
        try {
            return Double.parseDouble(pair.path(1).asText());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String labels(JsonNode metric) {
        List<String> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = metric.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.add(e.getKey() + "=\"" + e.getValue().asText() + "\"");
        }
        return out.isEmpty() ? "" : "{" + String.join(",", out) + "}";
    }

    private record Sample(String labels, double value) {
    }

    /**
     * The mapper, made on the first answer: the class that holds it is loaded then, not with this
     * one. Every agent builds a {@code PrometheusQuery}; only one whose specs query Prometheus needs
     * Jackson's object mapper, whose few hundred classes would otherwise stay in memory (and in the
     * class-data archive) for the agent's whole life.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private synchronized HttpClient client() {
        if (http == null) {
            http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(10)).build();
        }
        return http;
    }
}
