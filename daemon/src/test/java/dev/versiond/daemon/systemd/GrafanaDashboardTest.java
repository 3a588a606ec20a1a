package dev.versiond.daemon.systemd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** examples/grafana/versiond-dashboard.json: valid JSON with a panel for every metric the agent exports. */
class GrafanaDashboardTest {
    private static final List<String> METRICS = List.of(
            "versiond_reconcile_duration_seconds_bucket",
            "versiond_polls_total",
            "versiond_component_info",
            "versiond_component_state",
            "versiond_step_duration_seconds",
            "versiond_step_failures_total",
            "versiond_rollbacks_total",
            "versiond_suspended",
            "versiond_last_success_timestamp_seconds",
            "jvm_memory_used_bytes");

    private final JsonNode dashboard = read();

    @Test
    void everyMetricOfTheAgentIsQueriedBySomePanel() {
        List<String> exprs = new ArrayList<>();
        panels(dashboard).forEach(panel -> panel.path("targets").forEach(t -> exprs.add(t.path("expr").asText())));

        assertThat(METRICS).allSatisfy(metric ->
                assertThat(exprs).as("expressions querying %s", metric).anyMatch(expr -> expr.contains(metric)));
    }

    @Test
    void everyQueryUsesTheDataSourceVariable() {
        JsonNode variable = null;
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("name").asText().equals("DS_PROMETHEUS")) {
                variable = v;
            }
        }
        assertThat(variable).as("templating variable DS_PROMETHEUS").isNotNull();
        assertThat(variable.path("type").asText()).isEqualTo("datasource");
        assertThat(variable.path("query").asText()).isEqualTo("prometheus");

        panels(dashboard).stream().filter(p -> !p.path("type").asText().equals("row")).forEach(panel -> {
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText()).isEqualTo("${DS_PROMETHEUS}");
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty()
                    .allSatisfy(t -> assertThat(t.path("datasource").path("uid").asText()).isEqualTo("${DS_PROMETHEUS}"));
        });
    }

    @Test
    void panelIdsAreUniqueAndTheSchemaIsCurrent() {
        List<Integer> ids = panels(dashboard).stream().map(p -> p.path("id").asInt()).toList();

        assertThat(ids).doesNotHaveDuplicates().doesNotContain(0);
        assertThat(dashboard.path("schemaVersion").asInt()).isBetween(36, 41);
        assertThat(dashboard.path("uid").asText()).isNotBlank();
    }

    /** Every panel, including those nested in collapsed rows. */
    private static List<JsonNode> panels(JsonNode node) {
        List<JsonNode> all = new ArrayList<>();
        node.path("panels").forEach(panel -> {
            all.add(panel);
            all.addAll(panels(panel));
        });
        return all;
    }

    private static JsonNode read() {
        try {
            return new ObjectMapper().readTree(RepositoryFiles.file("examples/grafana/versiond-dashboard.json").toFile());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
