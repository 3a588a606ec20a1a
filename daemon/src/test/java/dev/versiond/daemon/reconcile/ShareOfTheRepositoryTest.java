package dev.versiond.daemon.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.execute.ExecutorOptions;
import dev.versiond.daemon.execute.HostStepExecutor;
import dev.versiond.daemon.state.Reason;
import dev.versiond.daemon.state.SqliteStateStore;
import dev.versiond.daemon.state.StateStore;
import dev.versiond.daemon.source.DesiredSource;
import dev.versiond.daemon.source.JGitSource;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.load.SpecLoader;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent loads only its host's share of the repository: a real Git repository where app (target
 * all, every host) is this host's and db (target db, hosts db-*) is not. A broken db does not hold
 * this host back; a broken app is refused with its file, line and column, nothing applied; and a
 * share too large for the heap is refused before it is parsed, with its typed reason.
 */
class ShareOfTheRepositoryTest extends EngineHost {

    @BeforeEach
    void anotherHostsComponent() {
        repo.write("components/db/component.yaml", "kind: Component\nname: db\n");
        repo.write("components/db/migrations/1.0.0.yaml", migration("1.0.0", ""));
        repo.write("targets/db.yaml", "kind: Target\nname: db\nselector: { hosts: [db-*] }\n"
                + "components:\n  db: { version: 1.0.0 }\n");
        repo.commit("db 1.0.0 for the db hosts");
        assertThat(pass()).isInstanceOf(PassOutcome.Applied.class);
    }

    @Test
    void aCommitBreakingAComponentOfAnotherHostStillAppliesThisHostsChange() {
        repo.write("components/db/component.yaml", "kind: Componnt\nname: [db\n");
        repo.write("components/db/migrations/1.1.0.yaml", "kind: Migration\nversion: 1.1.0\nup:\n  - id: x\n    rnu: {}\n");
        pin("1.1.0");

        assertThat(pass()).isInstanceOf(PassOutcome.Applied.class);
        assertThat(recorded()).contains("1.1.0");
    }

    @Test
    void aCommitBreakingThisHostsComponentIsRefusedWithItsPositionAndNothingApplied() {
        repo.write("components/app/migrations/1.2.0.yaml", migration("1.2.0", "").replace("link:", "lnik:"));
        pin("1.2.0");
        Map<String, String> before = tree();

        PassOutcome outcome = pass();

        assertThat(outcome).isInstanceOfSatisfying(PassOutcome.Failed.class, f -> {
            assertThat(f.code()).isEqualTo(ErrorCode.SPEC_INVALID);
            assertThat(f.summary()).contains("nothing applied").containsPattern(
                    "components/app/migrations/1\\.2\\.0\\.yaml:\\d+:\\d+: error: ");
        });
        assertThat(recorded()).contains("1.0.0");
        assertThat(tree()).isEqualTo(before);
    }

    @Test
    void aShareOverTheHeapBudgetIsRefusedBeforeItIsParsedWithItsTypedReason() {
        repo.write("components/app/migrations/1.1.0.yaml", migration("1.1.0", "# " + "x".repeat(20_000) + "\n"));
        pin("1.1.0");
        Map<String, String> before = tree();
        SpecLoader loader = new SpecLoader();

        PassOutcome outcome;
        try (StateStore store = SqliteStateStore.open(state, Clock.systemUTC());
                DesiredSource source = DesiredSource.git(JGitSource.open(repo.url(), "main", state,
                        Clock.systemUTC()), "", repo.url())) {
            EngineSettings settings = new EngineSettings(options().host(), new dev.versiond.daemon.execute.HostRoot(root),
                    false, Map.of());
            Reconciler reconciler = new Reconciler(settings, source, store, new HostStepExecutor(ExecutorOptions.defaults()),
                    loader, Clock.systemUTC(), FleetStatus.NONE, new ShareBudget(10_000, 64L << 20));
            outcome = reconciler.pass("test", true, false, ProgressSink.none(), () -> false).outcome();
        }

        assertThat(outcome).isInstanceOfSatisfying(PassOutcome.Failed.class, f -> {
            assertThat(f.reason()).contains(Reason.SHARE_TOO_LARGE);
            assertThat(f.summary()).contains("refused, nothing applied", "more than 10000 bytes", "components/app/",
                    "-Xmx");
        });
        // Only the two target files were parsed: nothing of app's folder.
        assertThat(loader.parseCount()).isEqualTo(2);
        assertThat(recorded()).contains("1.0.0");
        assertThat(tree()).isEqualTo(before);
        assertThat(pass()).as("with the heap's own budget").isInstanceOf(PassOutcome.Applied.class);
        assertThat(recorded()).contains("1.1.0");
    }
}
