package dev.versiond.daemon.cli;

import dev.versiond.daemon.execute.HostRoot;
import dev.versiond.daemon.snapshot.SnapshotInfo;
import dev.versiond.daemon.snapshot.SnapshotRunner;
import dev.versiond.daemon.snapshot.SnapshotStore;
import dev.versiond.daemon.state.SqliteStateStore;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import dev.versiond.spec.model.Defaults;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code versiond snapshots [--component C]}: the snapshots {@code snapshot} steps took, newest
 * first; {@code versiond snapshots restore ID}: the operator's emergency path, putting one back by hand.
 */
@Command(name = "snapshots", mixinStandardHelpOptions = true,
        description = "List the snapshots snapshot steps took, newest first.",
        subcommands = SnapshotsCommand.Restore.class)
final class SnapshotsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private StateOptions state;

    @Option(names = "--component", paramLabel = "NAME", description = "Only the snapshots of this component.")
    private String component;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    private Format format;

    @Override
    public Integer call() {
        List<SnapshotInfo> all = SnapshotStore.of(state.state).list(Optional.ofNullable(component));
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(Json.write(all));
        } else if (all.isEmpty()) {
            out.println("No snapshots.");
        } else {
            out.printf("%-48s %-16s %-12s %-20s %-24s %s%n", "ID", "COMPONENT", "VERSION", "STEP", "CREATED", "BYTES");
            for (SnapshotInfo s : all) {
                out.printf("%-48s %-16s %-12s %-20s %-24s %d%n", s.id(), s.component(), s.version(), s.step(), s.created(),
                        s.bytes());
            }
        }
        out.flush();
        return ExitCode.OK.code();
    }

    /**
     * Restores one snapshot: every path and database it holds, as captured. Takes the state
     * directory's lock, so it never runs beside a pass; recorded versions are left as they are.
     */
    @Command(name = "restore", mixinStandardHelpOptions = true,
            description = "Put a snapshot's paths and databases back as captured (the emergency path; "
                    + "recorded versions are not changed).")
    static final class Restore implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private StateOptions state;

        @Option(names = "--root", defaultValue = "/", paramLabel = "DIR",
                description = "Prefix of every host path (default: ${DEFAULT-VALUE}).")
        private Path root;

        @Parameters(index = "0", paramLabel = "ID", description = "A snapshot id, as `versiond snapshots` lists it.")
        private String id;

        @Mixin
        private DatabasesOptions databases;

        @Override
        public Integer call() {
            SnapshotStore store = SnapshotStore.of(state.state);
            SnapshotInfo info = store.find(id).orElseThrow(() -> new VersiondException(ErrorCode.USAGE, "no complete "
                    + "snapshot '" + id + "' in " + store.directory() + " (see `versiond snapshots`)"));
            try (SqliteStateStore lock = SqliteStateStore.open(state.state, Clock.systemUTC())) {
                new SnapshotRunner(store, databases.databases(), Clock.systemUTC()).restore(info, new HostRoot(root),
                        Defaults.SNAPSHOT_TIMEOUT);
            } catch (IOException e) {
                throw new VersiondException(ErrorCode.STEP_FAILED, "cannot restore snapshot " + id + ": " + e.getMessage(), e);
            }
            spec.commandLine().getOut().println("restored snapshot " + id + " (" + info.items().size() + " item(s)) of "
                    + info.component() + " " + info.version());
            return ExitCode.OK.code();
        }
    }
}
