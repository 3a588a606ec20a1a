package dev.versiond.daemon.e2e.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.versiond.daemon.testing.DaemonProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code versiond run --log-format json}, the real jar: every stderr line is one JSON object. */
class JsonLogsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    DaemonHost host;

    @AfterEach
    void close() {
        host.close();
    }

    @Test
    void everyLogLineIsAJsonObjectWithLevelLoggerAndMessage() throws Exception {
        host = new DaemonHost(tmp);
        host.repo.pin("1.0.0");

        DaemonProcess daemon = host.start("--log-format", "json");
        DaemonHost.eventually().until(() -> daemon.get("/readyz").status() == 200);
        assertThat(daemon.stop(java.time.Duration.ofSeconds(30))).as(daemon.output()).isZero();

        // What is logged before the configuration is read (and says json) is still text; everything after is JSON.
        List<JsonNode> lines = new ArrayList<>();
        for (String line : daemon.stderr().split("\n")) {
            if (!line.isBlank() && (line.startsWith("{") || !lines.isEmpty())) {
                lines.add(JSON.readTree(line));
            }
        }
        assertThat(lines).isNotEmpty().allSatisfy(l -> {
            assertThat(l.isObject()).isTrue();
            assertThat(l.path("level").asText()).isIn("ERROR", "WARN", "INFO", "DEBUG", "TRACE");
            assertThat(l.path("loggerName").asText()).isNotEmpty();
            assertThat(l.has("formattedMessage")).isTrue();
        });
        assertThat(lines).as(daemon.output())
                .anySatisfy(l -> assertThat(l.path("formattedMessage").asText()).startsWith("stopping (grace"));
        assertThat(daemon.stderr()).doesNotContain(DaemonHost.TOKEN);
    }
}
