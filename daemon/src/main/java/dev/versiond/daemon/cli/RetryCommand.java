package dev.versiond.daemon.cli;

import dev.versiond.daemon.reconcile.OperatorActions;
import dev.versiond.daemon.state.SqliteStateStore;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code versiond retry [COMPONENT]}: let the next pass try a failed revision again. */
@Command(name = "retry", mixinStandardHelpOptions = true,
        description = "Clear the block on failed revisions (all, or COMPONENT's) so the next pass tries them again.")
final class RetryCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private StateOptions state;

    @Parameters(index = "0", arity = "0..1", paramLabel = "COMPONENT")
    private String component;

    @Override
    public Integer call() {
        int cleared;
        try (SqliteStateStore store = SqliteStateStore.open(state.state, Clock.systemUTC())) {
            cleared = OperatorActions.retry(store, Optional.ofNullable(component));
        }
        spec.commandLine().getOut().println(cleared == 0 ? "nothing was blocked"
                : cleared + " blocked revision(s) cleared; the next pass tries again");
        return 0;
    }
}
