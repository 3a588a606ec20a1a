package dev.versiond.daemon.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.versiond.spec.model.Probe;
import dev.versiond.spec.model.Threshold;
import io.javalin.Javalin;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How the query API's answers are judged against a threshold, and what a failure says. */
class PrometheusQueryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Threshold BELOW = new Threshold(Threshold.Comparison.BELOW, 0.05);

    private static QueryVerdict judge(String answer, Threshold threshold) throws Exception {
        return PrometheusQuery.judge("query 'q'", JSON.readTree(answer), 200, threshold);
    }

    private static String vector(String... samples) {
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + String.join(",", samples) + "]}}";
    }

    private static String sample(String instance, String value) {
        return "{\"metric\":{\"instance\":\"" + instance + "\"},\"value\":[1733000000.1,\"" + value + "\"]}";
    }

    @Test
    void aVectorPassesOnlyWhenEverySampleMeetsTheThresholdAndAFailureNamesTheSamplesThatDoNot() throws Exception {
        assertThat(judge(vector(sample("a", "0.01"), sample("b", "0.02")), BELOW).passed()).isTrue();

        QueryVerdict failed = judge(vector(sample("a", "0.01"), sample("b", "0.2")), BELOW);
        assertThat(failed.passed()).isFalse();
        assertThat(failed.seen()).isEqualTo("query 'q' = 0.2{instance=\"b\"} (1 of 2 samples), needs < 0.05");
    }

    @Test
    void aScalarIsJudgedByItsValueAndEachComparisonHoldsAsWritten() throws Exception {
        String scalar = "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1733000000,\"1\"]}}";
        assertThat(judge(scalar, new Threshold(Threshold.Comparison.AT_LEAST, 1)).passed()).isTrue();
        assertThat(judge(scalar, new Threshold(Threshold.Comparison.AT_MOST, 1)).passed()).isTrue();
        assertThat(judge(scalar, new Threshold(Threshold.Comparison.ABOVE, 1)).passed()).isFalse();
        assertThat(judge(scalar, new Threshold(Threshold.Comparison.BELOW, 1)).passed()).isFalse();
    }

    @Test
    void noSamplesNaNAnErrorAnswerAndAMatrixAllFail() throws Exception {
        assertThat(judge(vector(), BELOW).seen()).isEqualTo("query 'q' returned no samples, needs < 0.05");
        assertThat(judge(vector(sample("a", "NaN")), BELOW).passed()).isFalse();
        QueryVerdict error = PrometheusQuery.judge("query 'q'", JSON.readTree(
                "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error at char 4\"}"), 400, BELOW);
        assertThat(error.seen()).isEqualTo("query 'q': Prometheus answered HTTP 400: bad_data: parse error at char 4");
        assertThat(judge("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}", BELOW).seen())
                .contains("a matrix result; a threshold needs an instant vector or a scalar");
    }

    @Test
    void theHostIsPutIntoTheQueryAndAServerThatIsNotPrometheusOrDoesNotAnswerFailsClearly() {
        java.util.concurrent.atomic.AtomicReference<String> asked = new java.util.concurrent.atomic.AtomicReference<>();
        Javalin server = Javalin.create()
                .get("/api/v1/query", ctx -> {
                    asked.set(ctx.queryParam("query"));
                    ctx.result(vector(sample("web-07:9100", "0.01")));
                })
                .get("/slow/api/v1/query", ctx -> Thread.sleep(2_000))
                .get("/html/api/v1/query", ctx -> ctx.html("<html>login</html>"))
                .start("127.0.0.1", 0);
        try {
            String base = "http://127.0.0.1:" + server.port();
            PrometheusQuery query = new PrometheusQuery();
            QueryVerdict ok = query.evaluate(new Probe.Prometheus(base, "up{instance=\"{{host}}\"}", BELOW), "web-07",
                    Duration.ofSeconds(5));
            assertThat(ok.passed()).isTrue();
            assertThat(asked.get()).isEqualTo("up{instance=\"web-07\"}");
            assertThat(ok.seen()).isEqualTo("query 'up{instance=\"web-07\"}' on " + base + " = 0.01{instance=\"web-07:9100\"}, < 0.05");

            assertThat(query.evaluate(new Probe.Prometheus(base + "/slow", "up", BELOW), "h", Duration.ofMillis(300)).seen())
                    .endsWith(": no answer within 300 ms");
            assertThat(query.evaluate(new Probe.Prometheus(base + "/html/", "up", BELOW), "h", Duration.ofSeconds(5)).seen())
                    .endsWith("answered HTTP 200 with something that is not the query API's JSON");
        } finally {
            server.stop();
        }
    }
}
