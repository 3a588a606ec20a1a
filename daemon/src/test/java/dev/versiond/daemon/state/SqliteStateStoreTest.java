package dev.versiond.daemon.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import dev.versiond.spec.model.Version;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStateStoreTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T12:00:00Z"), ZoneOffset.UTC);
    private static final String COMMIT = "a".repeat(40);

    @TempDir
    Path dir;

    private static AppliedVersion version(String v, String prior) {
        return new AppliedVersion(Version.parse(v), COMMIT, false, List.of(
                new AppliedStep(AppliedStep.UP, 0, "release", "run", "{\"id\":\"release\"}", "v1:sha256:01", Optional.empty()),
                new AppliedStep(AppliedStep.UP, 1, "switch", "link", "{\"id\":\"switch\"}", "v1:sha256:02", Optional.of(prior)),
                new AppliedStep(AppliedStep.DOWN, 0, "undo", "run", "{\"id\":\"undo\"}", "v1:sha256:03", Optional.empty())));
    }

    @Test
    void appliedVersionsAreReadBackWithTheirStepsPriorsAndCommit() {
        try (SqliteStateStore store = SqliteStateStore.open(dir, CLOCK)) {
            long pass = store.beginPass("cli", Optional.of(COMMIT), Optional.empty());
            store.recordApplied("app", version("1.0.0", "{\"type\":\"link\"}"), pass);
            store.recordApplied("app", version("1.1.0", "{\"type\":\"link\",\"target\":\"/a\"}"), pass);
            store.finishPass(pass, PassResult.APPLIED, "upgrade", List.of(new ChangeRecord("app", Optional.empty(), Optional.of("1.1.0"), "upgrade")));
        }
        try (SqliteStateStore store = SqliteStateStore.open(dir, CLOCK)) {
            RecordedComponent app = store.recorded().component("app").orElseThrow();
            assertThat(app.version()).isEqualTo(Version.parse("1.1.0"));
            assertThat(app.commit()).isEqualTo(COMMIT);
            assertThat(app.applied()).containsOnlyKeys(Version.parse("1.0.0"), Version.parse("1.1.0"));
            AppliedVersion top = app.applied().get(Version.parse("1.1.0"));
            assertThat(top.up()).extracting(AppliedStep::stepId).containsExactly("release", "switch");
            assertThat(top.down()).extracting(AppliedStep::stepId).containsExactly("undo");
            assertThat(top.up().get(1).priorJson()).hasValue("{\"type\":\"link\",\"target\":\"/a\"}");
        }
    }

    @Test
    void reversingAVersionForgetsItsStepsAndMovesTheRecordedVersionDown() {
        try (SqliteStateStore store = SqliteStateStore.open(dir, CLOCK)) {
            long pass = store.beginPass("cli", Optional.of(COMMIT), Optional.empty());
            store.recordApplied("app", version("1.0.0", "{}"), pass);
            store.recordApplied("app", version("1.1.0", "{}"), pass);

            store.recordReversed("app", Version.parse("1.1.0"), Optional.of(Version.parse("1.0.0")), COMMIT, pass);
            assertThat(store.recorded().component("app").orElseThrow().applied()).containsOnlyKeys(Version.parse("1.0.0"));

            store.recordReversed("app", Version.parse("1.0.0"), Optional.empty(), COMMIT, pass);
            assertThat(store.recorded().components()).isEmpty();
        }
    }

    private static JournalStart up(long pass, String version, String step, String prior) {
        return new JournalStart(pass, "app", version, step, JournalPhase.UP, "link", "{\"id\":\"" + step + "\"}", "v1:sha256:02",
                Optional.ofNullable(prior), false);
    }

    @Test
    void theFirstStartedUpStepStaysPendingUntilItsVersionIsRecorded() {
        try (SqliteStateStore store = SqliteStateStore.open(dir, CLOCK)) {
            long pass = store.beginPass("cli", Optional.of(COMMIT), Optional.empty());
            long first = store.journalStart(up(pass, "1.1.0", "switch", "first"));
            store.journalStart(up(pass, "1.1.0", "switch", "second"));
            PendingStep pending = store.recorded().pending().get("app/1.1.0/switch");
            assertThat(pending.priorJson()).hasValue("first");
            assertThat(pending.journalId()).isEqualTo(first);
            assertThat(pending.definitionJson()).isEqualTo("{\"id\":\"switch\"}");

            store.recordApplied("app", version("1.1.0", "first"), pass);
            assertThat(store.recorded().pending()).isEmpty();

            store.journalStart(up(pass, "1.2.0", "switch", "p"));
            store.forgetPending("app", "1.2.0", "switch");
            assertThat(store.recorded().pending()).isEmpty();
        }
    }

    @Test
    void anUpStepThatChangedNothingIsNotPendingUnlessAnEarlierPassLeftIt() {
        try (SqliteStateStore store = SqliteStateStore.open(dir, CLOCK)) {
            long pass = store.beginPass("cli", Optional.of(COMMIT), Optional.empty());
            long skipped = store.journalStart(up(pass, "1.1.0", "release", null));
            store.journalFinish(skipped, StepOutcome.SKIPPED, Duration.ZERO, Optional.empty(), "creates: exists");
            long failed = store.journalStart(up(pass, "1.1.0", "migrate", null));
            store.journalFinish(failed, StepOutcome.FAILED, Duration.ZERO, Optional.of("exit 1"), "");
            assertThat(store.recorded().pending()).isEmpty();

            store.journalStart(up(pass, "1.1.0", "unpack", null)); // the process dies here
            long next = store.beginPass("poll", Optional.of(COMMIT), Optional.empty());
            long retried = store.journalStart(up(next, "1.1.0", "unpack", null));
            store.journalFinish(retried, StepOutcome.SKIPPED, Duration.ZERO, Optional.empty(), "creates: exists");
            assertThat(store.recorded().pending()).containsOnlyKeys("app/1.1.0/unpack");
        }
    }

    @Test
    void atomicallyRecordsNothingOfAnyTableGroupWhenALaterCallFails() {
        try (SqliteStateStore store = SqliteStateStore.open(dir, CLOCK)) {
            long pass = store.beginPass("cli", Optional.of(COMMIT), Optional.empty());
            assertThatThrownBy(() -> store.atomically(() -> {
                store.recordApplied("app", version("1.0.0", "{}"), pass);
                store.putSetting("suspended", "true");
                store.journalStart(up(pass + 1000, "1.1.0", "switch", null)); // no such pass: the journal refuses it
            })).isInstanceOfSatisfying(VersiondException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.STATE));

            RecordedState recorded = store.recorded();
            assertThat(recorded.components()).isEmpty();
            assertThat(recorded.pending()).isEmpty();
            assertThat(store.setting("suspended")).isEmpty();

            store.putSetting("suspended", "true"); // and the store writes on its own again
            assertThat(store.setting("suspended")).hasValue("true");
        }
    }

    @Test
    void passesLeftRunningByADeadProcessAreClosedAsInterruptedWithTheirUnfinishedSteps() {
        try (SqliteStateStore store = SqliteStateStore.open(dir, CLOCK)) {
            long pass = store.beginPass("poll", Optional.of(COMMIT), Optional.empty());
            long done = store.journalStart(new JournalStart(pass, "app", "1.1.0", "release", JournalPhase.UP, "run", "{}", "x",
                    Optional.empty(), false));
            store.journalFinish(done, StepOutcome.APPLIED, Duration.ofMillis(5), Optional.empty(), "ok");
            store.journalStart(new JournalStart(pass, "app", "1.1.0", "switch", JournalPhase.UP, "link", "{}", "x", Optional.empty(), false));
        }
        try (SqliteStateStore store = SqliteStateStore.open(dir, CLOCK)) {
            assertThat(store.closeInterruptedPasses()).isEqualTo(1);
            PassRecord pass = store.history(Optional.empty(), 10).get(0);
            assertThat(pass.result()).isEqualTo("interrupted");
            assertThat(pass.finishedAt()).isPresent();
            assertThat(pass.steps()).extracting(s -> s.outcome().orElse("?")).containsExactly("applied", "interrupted");
            assertThat(store.closeInterruptedPasses()).isZero();
        }
    }

    @Test
    void historyIsNewestFirstAndFiltersByComponent() {
        try (SqliteStateStore store = SqliteStateStore.open(dir, CLOCK)) {
            for (String component : List.of("app", "worker", "app")) {
                long pass = store.beginPass("poll", Optional.of(COMMIT), Optional.empty());
                store.finishPass(pass, PassResult.APPLIED, component, List.of(new ChangeRecord(component, Optional.empty(),
                        Optional.of("1.0.0"), "upgrade")));
            }
            assertThat(store.history(Optional.empty(), 10)).extracting(PassRecord::id).containsExactly(3L, 2L, 1L);
            assertThat(store.history(Optional.of("app"), 10)).extracting(PassRecord::id).containsExactly(3L, 1L);
            assertThat(store.history(Optional.empty(), 2)).hasSize(2);
        }
    }

    @Test
    void blocksAreKeptPerComponentUntilCleared() {
        try (SqliteStateStore store = SqliteStateStore.open(dir, CLOCK)) {
            store.block(new Blocked("app", Version.parse("1.2.0"), COMMIT, "verify failed", false, CLOCK.instant()));
            store.block(new Blocked("worker", Version.parse("2.0.0"), COMMIT, "undo failed", true, CLOCK.instant()));
            assertThat(store.recorded().blocked().get("worker").degraded()).isTrue();

            assertThat(store.unblock(Optional.of("app"))).isEqualTo(1);
            assertThat(store.recorded().blocked()).containsOnlyKeys("worker");
            assertThat(store.unblock(Optional.empty())).isEqualTo(1);
            assertThat(store.recorded().blocked()).isEmpty();
        }
    }

    @Test
    void aSecondOwnerOfTheStateDirectoryIsRefusedWithTheHoldersPid() {
        try (SqliteStateStore first = SqliteStateStore.open(dir, CLOCK)) {
            assertThatThrownBy(() -> SqliteStateStore.open(dir, CLOCK))
                    .isInstanceOfSatisfying(VersiondException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.LOCKED);
                        assertThat(e.getMessage()).contains("in use by pid " + ProcessHandle.current().pid());
                    });
            try (SqliteStateStore reader = SqliteStateStore.openReadOnly(dir, CLOCK)) {
                assertThat(reader.history(Optional.empty(), 5)).isEmpty();
            }
        }
        SqliteStateStore.open(dir, CLOCK).close(); // released with the owner
    }

    @Test
    void theDatabaseUsesWalWithSynchronousWritesAndItsOwnSchemaVersion() throws Exception {
        SqliteStateStore.open(dir, CLOCK).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStateStore.DATABASE));
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
            }
            try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
                assertThat(rs.getInt(1)).isEqualTo(Schema.latest());
            }
        }
    }

    @Test
    void aDatabaseFromANewerVersiondIsNotTouched() throws Exception {
        SqliteStateStore.open(dir, CLOCK).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStateStore.DATABASE));
             Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = " + (Schema.latest() + 1));
        }
        assertThatThrownBy(() -> SqliteStateStore.open(dir, CLOCK))
                .isInstanceOf(VersiondException.class).hasMessageContaining("newer than this versiond understands");
        SqliteStateStore.open(dir.resolve("other"), CLOCK).close(); // and the lock was released on the way out
        SqliteStateStore.openReadOnly(dir.resolve("other"), CLOCK).close();
    }

    @Test
    void repairReplacesDefinitionsButKeepsCapturedPriors() {
        try (SqliteStateStore store = SqliteStateStore.open(dir, CLOCK)) {
            long pass = store.beginPass("cli", Optional.of(COMMIT), Optional.empty());
            store.recordApplied("app", version("1.0.0", "{\"type\":\"link\"}"), pass);
            store.repair("app", Version.parse("1.0.0"), List.of(
                    new AppliedStep(AppliedStep.UP, 0, "release", "run", "{\"new\":1}", "v1:sha256:99", Optional.empty()),
                    new AppliedStep(AppliedStep.UP, 1, "switch", "link", "{\"new\":2}", "v1:sha256:98", Optional.empty())));
            AppliedVersion v = store.recorded().component("app").orElseThrow().applied().get(Version.parse("1.0.0"));
            assertThat(v.up()).extracting(AppliedStep::checksum).containsExactly("v1:sha256:99", "v1:sha256:98");
            assertThat(v.up().get(1).priorJson()).hasValue("{\"type\":\"link\"}");
            assertThat(v.down()).isEmpty();
        }
    }
}
