package dev.versiond.daemon.cli;

import dev.versiond.daemon.plan.HostIdentity;
import dev.versiond.daemon.reconcile.Engine;
import dev.versiond.daemon.reconcile.OperatorActions;
import dev.versiond.daemon.state.SqliteStateStore;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code versiond repair [COMPONENT]}: accept the definitions now in Git for versions already
 * applied (after an edit the operator checked), clearing a checksum mismatch. The repository is the
 * one the last pass used unless {@code --repo} names another.
 */
@Command(name = "repair", mixinStandardHelpOptions = true,
        description = "Accept the definitions now in Git for applied versions (clears a checksum mismatch).")
final class RepairCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private StateOptions state;

    @Mixin
    private TrustOptions trust = new TrustOptions();

    @Parameters(index = "0", arity = "0..1", paramLabel = "COMPONENT")
    private String component;

    @Option(names = "--repo", paramLabel = "URL", description = "Repository to read (default: the one the last pass used).")
    private String repo;

    @Option(names = "--ref", paramLabel = "REF", description = "Ref to read (default: the one the last pass used).")
    private String ref;

    @Option(names = "--path", paramLabel = "SUBDIR", description = "Sub directory (default: the one the last pass used).")
    private String path;

    /** With a databases file, edited sql steps are also accepted in those databases' history. */
    @Mixin
    private DatabasesOptions databases;

    @Override
    public Integer call() {
        Engine.Options options;
        try (SqliteStateStore store = SqliteStateStore.openReadOnly(state.state, Clock.systemUTC())) {
            String r = Optional.ofNullable(repo).or(() -> store.setting(Engine.SOURCE_REPO)).orElseThrow(() ->
                    new VersiondException(ErrorCode.USAGE, "no pass has recorded a repository in " + state.state + "; pass --repo"));
            options = new Engine.Options(r, Optional.ofNullable(ref).or(() -> store.setting(Engine.SOURCE_REF)).orElse("main"),
                    Optional.ofNullable(path).or(() -> store.setting(Engine.SOURCE_PATH)).orElse(""), state.state, Path.of("/"),
                    new HostIdentity(EngineOptions.hostName(null), Map.of()), List.of("systemctl"), false, false,
                    trust.credentials(), trust.signatures());
        }
        List<String> repaired;
        try (Engine engine = Engine.open(options, Clock.systemUTC())) {
            repaired = OperatorActions.repair(engine, Optional.ofNullable(component), databases.databases());
        }
        spec.commandLine().getOut().println(repaired.isEmpty() ? "nothing to repair: the record matches Git"
                : "repaired: " + String.join(", ", repaired));
        return 0;
    }
}
