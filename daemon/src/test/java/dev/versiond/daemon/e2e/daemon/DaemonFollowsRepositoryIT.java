package dev.versiond.daemon.e2e.daemon;

import static dev.versiond.daemon.e2e.daemon.DaemonHost.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.versiond.daemon.testing.DaemonProcess;
import dev.versiond.daemon.testing.DaemonProcess.Response;
import dev.versiond.daemon.testing.VersiondCli;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One daemon for the whole class, following a repository over {@code git://} at a 1 s interval:
 * each test starts from app Synced at 1.0.0 (it commits that pin first) and changes the repository
 * or the daemon the way an operator would, then watches the daemon react on its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DaemonFollowsRepositoryIT {
    @TempDir
    static Path tmp;

    DaemonHost host;
    DaemonProcess daemon;

    @BeforeAll
    void startDaemon() {
        host = new DaemonHost(tmp);
        host.repo.release("1.0.0").release("1.1.0").release("1.2.0");
        host.repo.pin("1.0.0");
        daemon = host.start();
        host.awaitSynced("1.0.0");
    }

    @AfterAll
    void stopDaemon() {
        host.close();
    }

    @BeforeEach
    void backAtOneZeroZero() {
        host.awaitRevision(host.repo.pin("1.0.0"));
        host.awaitSynced("1.0.0");
    }

    @Test
    void aCommittedBumpIsAppliedOnTheNextPoll() {
        String bump = host.repo.pin("1.2.0");

        JsonNode status = host.awaitSynced("1.2.0");

        assertThat(status.path("revision").path("commit").asText()).isEqualTo(bump);
        assertThat(status.path("lastError").isNull()).as("%s", status).isTrue();
        host.assertFilesAt("1.2.0");
        JsonNode pass = host.history().get(0);
        assertThat(pass.path("result").asText()).isEqualTo("applied");
        assertThat(pass.path("trigger").asText()).isEqualTo("poll");
        assertThat(pass.path("commit").asText()).isEqualTo(bump);
        assertThat(pass.path("changes").toString())
                .contains("\"from\":\"1.0.0\"").contains("\"to\":\"1.2.0\"");
    }

    @Test
    void aRevertedBumpIsUndoneByItsDownSteps() {
        String bump = host.repo.pin("1.1.0");
        host.awaitSynced("1.1.0");
        host.assertFilesAt("1.1.0");

        String revert = host.repo.git().revert(bump);

        JsonNode status = host.awaitSynced("1.0.0");
        assertThat(status.path("revision").path("commit").asText()).isEqualTo(revert);
        host.assertFilesAt("1.0.0");
        assertThat(host.path("/opt/app/releases/1.1.0")).as("removed by the down step of unpack").doesNotExist();
        JsonNode pass = host.history().get(0);
        assertThat(pass.path("result").asText()).isEqualTo("applied");
        assertThat(pass.path("commit").asText()).isEqualTo(revert);
        assertThat(pass.path("changes").toString())
                .contains("\"from\":\"1.1.0\"").contains("\"to\":\"1.0.0\"");
    }

    @Test
    void aFailingVerifyIsRolledBackAndTheRevisionIsBlockedWithoutARetryLoop() {
        host.repo.unhealthyRelease("1.3.0");
        String bad = host.repo.pin("1.3.0");

        JsonNode status = host.awaitStatus("app Blocked", s -> s.path("phase").asText().equals("idle")
                && DaemonHost.app(s).path("state").asText().equals("Blocked"));

        JsonNode app = DaemonHost.app(status);
        assertThat(app.path("recorded").asText()).isEqualTo("1.0.0");
        assertThat(app.path("desired").asText()).isEqualTo("1.3.0");
        assertThat(app.path("lastError").asText()).contains("healthy").contains("app 1.3.0 answers 503");
        host.assertFilesAt("1.0.0");
        assertThat(host.path("/opt/app/releases/1.3.0")).doesNotExist();
        List<JsonNode> history = host.history();
        JsonNode pass = history.get(0);
        assertThat(pass.path("result").asText()).isEqualTo("rolled_back");
        assertThat(pass.path("commit").asText()).isEqualTo(bad);
        assertThat(pass.path("steps").findValuesAsText("phase")).contains("rollback");

        double rollbacks = host.metric("versiond_rollbacks_total", "");
        host.awaitPolls(5);

        List<JsonNode> later = host.history();
        assertThat(later).as("no new pass after 5 more polls").hasSameSizeAs(history);
        assertThat(later.get(0)).as("the last pass is untouched: no new steps").isEqualTo(pass);
        assertThat(host.metric("versiond_rollbacks_total", "")).isEqualTo(rollbacks);
        assertThat(host.app().path("state").asText()).isEqualTo("Blocked");
    }

    @Test
    void whileSuspendedABumpWaitsAndResumeAppliesIt() {
        assertThat(daemon.post("/suspend", Optional.of(TOKEN)).status()).isEqualTo(200);
        try {
            String bump = host.repo.pin("1.1.0");
            host.awaitRevision(bump);
            int passes = host.history().size();

            for (int i = 0; i < 3; i++) {
                host.awaitPolls(1);
                JsonNode status = daemon.status();
                JsonNode app = DaemonHost.app(status);
                assertThat(status.path("suspended").asBoolean()).isTrue();
                assertThat(app.path("state").asText()).as("%s", app).isIn("Waiting", "OutOfSync");
                assertThat(app.path("reason").asText()).contains("suspended");
                assertThat(app.path("recorded").asText()).isEqualTo("1.0.0");
                assertThat(app.path("desired").asText()).isEqualTo("1.1.0");
            }
            assertThat(host.history()).as("no pass applied anything").hasSize(passes);
            host.assertFilesAt("1.0.0");
            assertThat(host.metric("versiond_suspended", "")).isEqualTo(1.0);
        } finally {
            assertThat(daemon.post("/resume", Optional.of(TOKEN)).status()).isEqualTo(200);
        }

        host.awaitSynced("1.1.0");
        host.assertFilesAt("1.1.0");
        assertThat(daemon.status().path("suspended").asBoolean()).isFalse();
    }

    @Test
    void mutatingEndpointsRefuseAMissingOrWrongToken() {
        for (String endpoint : List.of("/sync", "/suspend", "/resume", "/retry")) {
            Response none = daemon.post(endpoint, Optional.empty());
            Response wrong = daemon.post(endpoint, Optional.of("not-" + TOKEN));
            assertThat(none.status()).as("%s without a token: %s", endpoint, none.body()).isEqualTo(401);
            assertThat(wrong.status()).as("%s with a wrong token: %s", endpoint, wrong.body()).isEqualTo(401);
            assertThat(wrong.body()).doesNotContain(TOKEN);
        }
        assertThat(daemon.status().path("suspended").asBoolean()).as("the refused /suspend did nothing").isFalse();

        Response sync = daemon.post("/sync", Optional.of(TOKEN));
        assertThat(sync.status()).isEqualTo(202);
    }

    @Test
    void outsideItsMaintenanceWindowABumpWaitsForTheNextOpening() {
        Instant now = Instant.now();
        Instant opening = LocalDate.now(ZoneOffset.UTC).withDayOfYear(1).plusYears(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        assumeThat(now.atZone(ZoneOffset.UTC).getDayOfYear() == 1 && now.atZone(ZoneOffset.UTC).getHour() == 0)
                .as("the yearly window is open right now").isFalse();
        try {
            String bump = host.repo.pinInWindow("1.1.0", "0 0 0 1 1 ? *");
            host.awaitRevision(bump);

            JsonNode status = host.awaitStatus("app Waiting", s -> DaemonHost.app(s).path("state").asText().equals("Waiting"));

            assertThat(Instant.parse(status.path("nextWindow").asText())).isEqualTo(opening);
            JsonNode app = DaemonHost.app(status);
            assertThat(app.path("recorded").asText()).isEqualTo("1.0.0");
            assertThat(app.path("desired").asText()).isEqualTo("1.1.0");
            host.awaitPolls(2);
            host.assertFilesAt("1.0.0");
        } finally {
            host.repo.pin("1.0.0");
        }
    }

    @Test
    void afterAPassMetricsReadinessAndTheStatusCommandReportIt() {
        String bump = host.repo.pin("1.2.0");
        host.awaitSynced("1.2.0");
        host.awaitRevision(bump);

        assertThat(daemon.get("/readyz").status()).isEqualTo(200);
        assertThat(daemon.get("/healthz").status()).isEqualTo(200);
        String metrics = daemon.get("/metrics").body();
        assertThat(metrics).contains(
                "versiond_polls_total{result=\"applied\"}",
                "versiond_polls_total{result=\"no_change\"}",
                "versiond_reconcile_duration_seconds_count",
                "versiond_step_duration_seconds_count{kind=\"run\",outcome=\"applied\"}",
                "versiond_last_success_timestamp_seconds");
        assertThat(host.metric("versiond_component_info", "component=\"app\",desired=\"1.2.0\",reason=\"none\",recorded=\"1.2.0\""))
                .isEqualTo(1.0);
        assertThat(host.metric("versiond_component_state", "component=\"app\",state=\"Synced\"")).isEqualTo(1.0);
        assertThat(host.metric("versiond_component_state", "state=\"Blocked\"")).isZero();
        assertThat(host.metric("versiond_suspended", "")).isZero();

        VersiondCli.Result status = VersiondCli.fromSystemProperty().run("status", "--url", daemon.url());

        assertThat(status.exitCode()).as("%s", status).isZero();
        assertThat(status.stdout()).contains("host:         " + DaemonHost.HOST)
                .contains(bump.substring(0, 12))
                .containsPattern("(?m)^NAME +RECORDED +DESIRED +STATE")
                .containsPattern("(?m)^app +1\\.2\\.0 +1\\.2\\.0 +Synced");
    }
}
