package dev.versiond.daemon.cli;

import dev.versiond.daemon.reconcile.OperatorActions;
import dev.versiond.daemon.state.SqliteStateStore;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import dev.versiond.spec.model.Version;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code versiond baseline COMPONENT VERSION}: adopt software a host already runs. */
@Command(name = "baseline", mixinStandardHelpOptions = true,
        description = "Record COMPONENT as present at VERSION without running its steps (adopt an existing host).")
final class BaselineCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private StateOptions state;

    @Parameters(index = "0", paramLabel = "COMPONENT")
    private String component;

    @Parameters(index = "1", paramLabel = "VERSION")
    private String version;

    @Override
    public Integer call() {
        Version v = Version.tryParse(version).orElseThrow(() -> new VersiondException(ErrorCode.USAGE,
                "'" + version + "' is not a Semantic Versioning 2.0.0 version"));
        try (SqliteStateStore store = SqliteStateStore.open(state.state, Clock.systemUTC())) {
            OperatorActions.baseline(store, component, v);
        }
        spec.commandLine().getOut().println(component + " recorded as present at " + v + " (baseline)");
        return 0;
    }
}
