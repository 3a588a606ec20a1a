package dev.versiond.daemon.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.versiond.daemon.plan.HostIdentity;
import dev.versiond.daemon.state.Blocked;
import dev.versiond.daemon.state.OpenRollback;
import dev.versiond.daemon.state.Reason;
import dev.versiond.daemon.state.RecordedComponent;
import dev.versiond.daemon.state.StateStore;
import dev.versiond.daemon.testing.GitFixture;
import dev.versiond.spec.model.LinkStep;
import dev.versiond.spec.model.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pass as the journal sees it: each crash window that once left a host between versions, with
 * the agent dying at an exact instant (before a chosen step call) and restarting on the same state
 * directory.
 */
class PassExecutionTest extends EngineHost {

    @Test
    void aCrashInsideARollbackUndoResumesThatRollbackToTheVersionThePassBeganAt() {
        Map<String, String> base = converged();
        breakVersion("1.2.0");
        pin("1.2.0");
        AtomicInteger reverses = new AtomicInteger();
        crashingPass((call, step) -> call.equals("reverse") && reverses.incrementAndGet() == 2);

        PassOutcome recovery = pass();

        assertThat(recovery).isInstanceOf(PassOutcome.RolledBack.class);
        assertThat(recorded()).contains("1.0.0");
        assertThat(tree()).isEqualTo(base);
        assertThat(log()).filteredOn(l -> l.startsWith("down")).doesNotHaveDuplicates()
                .containsExactly("down unpack 1.2.0", "down unpack 1.1.0");
        assertThat(blocked()).hasValueSatisfying(b -> {
            assertThat(b.version()).hasToString("1.2.0");
            assertThat(b.code()).isEqualTo(Reason.FAILED_AT_COMMIT);
        });
        assertThat(pass()).as("nothing loops once the failed revision is blocked").isInstanceOf(PassOutcome.Waiting.class);
    }

    @Test
    void aCrashInsideAnUpStepOfAFailingPassStillRollsBackToThePassesStartingVersion() {
        Map<String, String> base = converged();
        breakVersion("1.2.0");
        pin("1.2.0");
        crashingPass((call, step) -> call.equals("apply") && step instanceof LinkStep link && link.target().endsWith("1.2.0"));

        PassOutcome resumed = pass();

        assertThat(resumed).isInstanceOf(PassOutcome.RolledBack.class);
        assertThat(recorded()).as("not 1.1.0, which the interrupted pass had recorded").contains("1.0.0");
        assertThat(tree()).isEqualTo(base);
        assertThat(log()).filteredOn(l -> l.startsWith("down")).containsExactly("down unpack 1.2.0", "down unpack 1.1.0");
    }

    @Test
    void aCrashAfterTheLastUndoFinishesTheRollbackWithoutRedoingAnythingAndLeavesNoFileBehind() {
        Map<String, String> base = converged();
        breakVersion("1.2.0");
        pin("1.2.0");
        AtomicInteger reverses = new AtomicInteger();
        // The restored version's verify check is the first call after the last undo.
        crashingPass((call, step) -> {
            if (call.equals("reverse")) {
                reverses.incrementAndGet();
            }
            return call.equals("apply") && step.kind().equals("check") && reverses.get() > 0;
        });
        List<String> logAtCrash = log();
        try (StateStore store = dev.versiond.daemon.state.SqliteStateStore.open(state, Clock.systemUTC())) {
            assertThat(store.openRollback()).map(OpenRollback::stage).contains(OpenRollback.Stage.VERIFY);
        }

        assertThat(pass()).isInstanceOf(PassOutcome.RolledBack.class);
        assertThat(log()).as("no undo ran again").isEqualTo(logAtCrash);
        assertThat(tree()).isEqualTo(base);
        assertThat(recorded()).contains("1.0.0");
    }

    @Test
    void aCrashInADowngradeNeverRunsAFinishedDownStepAgain() {
        repo.write("components/app/migrations/1.2.0.yaml", migration("1.2.0", """
                down:
                  - id: b
                    run: { argv: [sh, -c, 'echo "down b" >> "$VERSIOND_ROOT/log"'], idempotent: true }
                  - id: a
                    run: { argv: [sh, -c, 'echo "down a" >> "$VERSIOND_ROOT/log"'], idempotent: true }
                """));
        pin("1.2.0");
        converged();
        pin("1.0.0");
        crashingPass((call, step) -> call.equals("apply") && step.id().equals("a"));
        assertThat(log()).filteredOn(l -> l.startsWith("down")).containsExactly("down b");

        assertThat(pass()).isInstanceOf(PassOutcome.Applied.class);

        assertThat(log()).filteredOn(l -> l.startsWith("down")).containsExactly("down b", "down a", "down unpack 1.1.0");
        assertThat(recorded()).contains("1.0.0");
    }

    @Test
    void aFailingUndoDegradesTheComponentAndNothingRetriesIt() throws IOException {
        converged();
        breakVersion("1.2.0");
        Files.writeString(root.resolve("break-down-1.1.0"), "");
        pin("1.2.0");

        PassOutcome outcome = pass();

        assertThat(outcome).isInstanceOf(PassOutcome.Degraded.class);
        assertThat(outcome.summary()).contains("rollback failed at app 1.1.0 unpack");
        assertThat(blocked()).hasValueSatisfying(b -> {
            assertThat(b.degraded()).isTrue();
            assertThat(b.code()).isEqualTo(Reason.ROLLBACK_FAILED);
        });
        try (StateStore store = dev.versiond.daemon.state.SqliteStateStore.open(state, Clock.systemUTC())) {
            assertThat(store.history(Optional.empty(), 1)).singleElement().satisfies(p -> {
                assertThat(p.result()).isEqualTo("degraded");
                assertThat(p.reasonCode()).contains("rollback-failed");
            });
        }
        try (Engine engine = Engine.open(options(), Clock.systemUTC())) {
            PassReport preview = engine.reconciler().pass("plan", false, false, ProgressSink.none(), () -> false);
            assertThat(preview.plan()).hasValueSatisfying(plan -> assertThat(plan.component("app")).hasValueSatisfying(cp -> {
                assertThat(cp.action()).as("degraded, not blocked").isEqualTo(dev.versiond.daemon.plan.Action.DEGRADED);
                assertThat(cp.code()).contains(Reason.ROLLBACK_FAILED);
            }));
        }
        assertThat(pass()).as("no loop").isInstanceOf(PassOutcome.Waiting.class);
    }

    @Test
    void aRestoredVersionThatFailsItsVerifyIsDegradedNotReportedAsACleanRollback() {
        converged();
        breakVersion("1.2.0");
        breakVersion("1.0.0");
        pin("1.2.0");

        PassOutcome outcome = pass();

        assertThat(outcome).isInstanceOf(PassOutcome.Degraded.class);
        assertThat(outcome.summary()).contains("restored version is not healthy: app 1.0.0 healthy");
        assertThat(recorded()).contains("1.0.0");
        assertThat(blocked()).hasValueSatisfying(b -> assertThat(b.code()).isEqualTo(Reason.RESTORED_UNHEALTHY));
        assertThat(pass()).as("nothing loops").isInstanceOf(PassOutcome.Waiting.class);
    }

    @Test
    void aPassCutShortAfterItsLastStepEndsItsChainSoALaterFailureRollsBackOnlyItsOwnWork() {
        repo.write("components/app/component.yaml", """
                kind: Component
                name: app
                config:
                  files:
                    - id: conf
                      file: { path: /etc/app/app.conf, template: templates/app.conf.mustache }
                """);
        repo.write("components/app/templates/app.conf.mustache", "version={{version}}\n");
        converged();
        pin("1.1.0");
        // Dies right after the config file, the pass's last step, was journaled finished and 1.1.0 recorded.
        try (Engine engine = Engine.open(options(), Clock.systemUTC())) {
            ProgressSink dieAfterConverge = new ProgressSink() {
                @Override
                public void started(int index, int total, dev.versiond.daemon.plan.PlannedStep step) {
                }

                @Override
                public void finished(int index, int total, dev.versiond.daemon.plan.PlannedStep step,
                                     dev.versiond.daemon.execute.StepResult result) {
                    if (step.phase() == dev.versiond.daemon.plan.StepPhase.CONVERGE) {
                        throw new CrashingExecutor.Crash("the end of the pass");
                    }
                }
            };
            assertThatThrownBy(() -> engine.reconciler().pass("test", true, false, dieAfterConverge, () -> false))
                    .isInstanceOf(CrashingExecutor.Crash.class);
        }
        assertThat(pass()).as("nothing left to do").isInstanceOf(PassOutcome.NoChange.class);
        Map<String, String> atOneOne = tree();
        breakVersion("1.2.0");
        pin("1.2.0");

        assertThat(pass()).isInstanceOf(PassOutcome.RolledBack.class);

        assertThat(recorded()).as("back to where this pass began, not the interrupted one").contains("1.1.0");
        assertThat(tree()).isEqualTo(atOneOne);
    }

    @Test
    void aCleanupThatFindsTheHostAlreadyAsBeforeTheStepForgetsIt() {
        Map<String, String> base = converged();
        pin("1.1.0");
        // Dies as 1.1.0's version file is about to be written: journaled as started, never written.
        crashingPass((call, step) -> call.equals("apply") && step.id().equals("version-file"));
        pin("1.0.0");

        assertThat(pass()).isInstanceOf(PassOutcome.Applied.class);

        assertThat(pass()).as("nothing left over: the skipped reversal still ends the pending step")
                .isInstanceOf(PassOutcome.NoChange.class);
        assertThat(tree()).isEqualTo(base);
    }

    @Test
    void aStepCutShortBeforeItTookEffectIsNotReversedByTheRollback() throws IOException {
        repo.write("components/app/migrations/1.2.0.yaml", migration("1.2.0", """
                preflight:
                  - id: room
                    check: { command: [sh, -c, 'test ! -e "$VERSIOND_ROOT/break-preflight"'], interval: 50ms, deadline: 200ms }
                """));
        Map<String, String> base = converged();
        pin("1.2.0");
        crashingPass((call, step) -> call.equals("apply") && step.id().equals("unpack") && log().contains("up unpack 1.1.0"));
        Files.writeString(root.resolve("break-preflight"), "");

        assertThat(pass()).isInstanceOf(PassOutcome.RolledBack.class);

        assertThat(log()).as("1.2.0's unpack never ran, so its down must not run either")
                .contains("down unpack 1.1.0").doesNotContain("down unpack 1.2.0");
        assertThat(tree()).isEqualTo(base);
    }

    @Test
    void aPassTheStateDiskFilledDuringIsClosedByTheNextPassOfTheSameProcess() throws Exception {
        Path small = dir.resolve("small");
        Files.createDirectories(small);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        assumeTrue(mount.waitFor() == 0, "needs a small file system of its own (root may mount tmpfs here)");
        try {
            state = small.resolve("state");
            converged();
            String fill = "  - id: fill\n"
                    + "    run:\n"
                    + "      argv: [sh, -c, 'touch \"$VERSIOND_ROOT/filled\"; dd if=/dev/zero of=\"$VERSIOND_ROOT/../small/filler\" bs=64k 2>/dev/null; true']\n"
                    + "      creates: /filled\n"
                    + "      down: [\"true\"]\n";
            repo.write("components/app/migrations/1.1.0.yaml", migration("1.1.0", "")
                    .replace("  - id: version-file\n", fill + "  - id: version-file\n"));
            pin("1.1.0");
            try (Engine engine = Engine.open(options(), Clock.systemUTC())) {
                PassOutcome full = engine.reconciler().pass("test", true, false, ProgressSink.none(), () -> false).outcome();
                assertThat(full).isInstanceOfSatisfying(PassOutcome.Failed.class,
                        f -> assertThat(f.code()).as("%s", f).isEqualTo(dev.versiond.spec.ErrorCode.STATE));
                Files.delete(small.resolve("filler"));

                PassOutcome next = engine.reconciler().pass("test", true, false, ProgressSink.none(), () -> false).outcome();

                assertThat(next).isInstanceOf(PassOutcome.Applied.class);
                assertThat(engine.store().history(Optional.empty(), 10)).allSatisfy(p -> {
                    assertThat(p.result()).as("pass %d", p.id()).isNotEqualTo("running");
                    assertThat(p.steps()).allSatisfy(st -> assertThat(st.outcome()).as("step %s", st.stepId()).isPresent());
                });
            }
            assertThat(recorded()).contains("1.1.0");
        } finally {
            new ProcessBuilder("umount", "-l", small.toString()).start().waitFor();
        }
    }
}
