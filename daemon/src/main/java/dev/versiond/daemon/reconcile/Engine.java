package dev.versiond.daemon.reconcile;

import dev.versiond.daemon.IoReason;
import dev.versiond.daemon.execute.ExecutorOptions;
import dev.versiond.daemon.execute.HostRoot;
import dev.versiond.daemon.execute.HostStepExecutor;
import dev.versiond.daemon.sql.Databases;
import dev.versiond.daemon.execute.StepExecutor;
import dev.versiond.daemon.plan.AllowedRoots;
import dev.versiond.daemon.plan.HostIdentity;
import dev.versiond.daemon.snapshot.SnapshotStore;
import dev.versiond.daemon.source.Credentials;
import dev.versiond.daemon.secret.Secrets;
import dev.versiond.daemon.source.DesiredSource;
import dev.versiond.daemon.source.FetchLimits;
import dev.versiond.daemon.source.JGitSource;
import dev.versiond.daemon.source.SignaturePolicy;
import dev.versiond.daemon.source.SourceOptions;
import dev.versiond.daemon.state.SqliteStateStore;
import dev.versiond.daemon.state.StateStore;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import dev.versiond.spec.load.SpecLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The engine's parts wired together for one state directory: the store (holding its lock), the
 * desired-state source, the executor and the reconciler. Closing it releases all of them.
 */
public final class Engine implements AutoCloseable {
    /** Settings kept with the state so {@code repair} can find the repository the last pass used. */
    public static final String SOURCE_REPO = "source.repo";
    public static final String SOURCE_REF = "source.ref";
    public static final String SOURCE_PATH = "source.path";

    private final StateStore store;
    private final DesiredSource source;
    private final Reconciler reconciler;
    private final EngineSettings settings;
    private final StepExecutor executor;

    private Engine(StateStore store, DesiredSource source, Reconciler reconciler, EngineSettings settings,
                   StepExecutor executor) {
        this.store = store;
        this.source = source;
        this.reconciler = reconciler;
        this.settings = settings;
        this.executor = executor;
    }

    /**
     * What an engine is built from.
     *
     * @param repo a Git URL or a path to a Git repository; for previews, a plain directory
     * @param path a sub directory of the repository holding the desired state ("" for the root)
     * @param systemctl the command service steps run
     * @param credentials how to authenticate to the remote
     * @param signatures which commits must be signed by which keys
     * @param secretsDir where {@code secretFile} references are read from
     * @param allowedRoots the host paths steps may touch; empty: everywhere under the root
     * @param fetchLimits how many bytes and how long one fetch may take
     * @param databasesFile the file naming the databases {@code sql} steps may use ({@code databases-file})
     * @param maxCommitAge a commit older than this is reported stale
     */
    public record Options(String repo, String ref, String path, Path stateDir, Path root, HostIdentity host,
                          List<String> systemctl, boolean allowNonDescendant, boolean allowPlainDirectory,
                          Credentials credentials, SignaturePolicy signatures, Path secretsDir, List<String> allowedRoots,
                          FetchLimits fetchLimits, Optional<Path> databasesFile,
                          Optional<java.time.Duration> maxCommitAge) {
        public Options {
            Objects.requireNonNull(fetchLimits, "fetchLimits");
            Objects.requireNonNull(databasesFile, "databasesFile");
            Objects.requireNonNull(credentials, "credentials");
            Objects.requireNonNull(signatures, "signatures");
            Objects.requireNonNull(secretsDir, "secretsDir");
            allowedRoots = List.copyOf(allowedRoots);
            Objects.requireNonNull(maxCommitAge, "maxCommitAge");
        }

        /** Options without a databases file (sql steps on SQLite files on the host only) and without a commit age limit. */
        public Options(String repo, String ref, String path, Path stateDir, Path root, HostIdentity host,
                       List<String> systemctl, boolean allowNonDescendant, boolean allowPlainDirectory,
                       Credentials credentials, SignaturePolicy signatures, Path secretsDir, List<String> allowedRoots,
                       FetchLimits fetchLimits) {
            this(repo, ref, path, stateDir, root, host, systemctl, allowNonDescendant, allowPlainDirectory,
                    credentials, signatures, secretsDir, allowedRoots, fetchLimits, Optional.empty(), Optional.empty());
        }

        /** Without credentials and secrets, without checking signatures, touching any path. */
        public Options(String repo, String ref, String path, Path stateDir, Path root, HostIdentity host,
                       List<String> systemctl, boolean allowNonDescendant, boolean allowPlainDirectory) {
            this(repo, ref, path, stateDir, root, host, systemctl, allowNonDescendant, allowPlainDirectory,
                    Credentials.none(), SignaturePolicy.off(), Secrets.DEFAULT_DIR, List.of(), FetchLimits.defaults());
        }

        /** Options with the default secrets directory and no allowed roots. */
        public Options(String repo, String ref, String path, Path stateDir, Path root, HostIdentity host,
                       List<String> systemctl, boolean allowNonDescendant, boolean allowPlainDirectory,
                       Credentials credentials, SignaturePolicy signatures) {
            this(repo, ref, path, stateDir, root, host, systemctl, allowNonDescendant, allowPlainDirectory,
                    credentials, signatures, Secrets.DEFAULT_DIR, List.of(), FetchLimits.defaults());
        }

        /** Options with the default fetch limits. */
        public Options(String repo, String ref, String path, Path stateDir, Path root, HostIdentity host,
                       List<String> systemctl, boolean allowNonDescendant, boolean allowPlainDirectory,
                       Credentials credentials, SignaturePolicy signatures, Path secretsDir, List<String> allowedRoots) {
            this(repo, ref, path, stateDir, root, host, systemctl, allowNonDescendant, allowPlainDirectory,
                    credentials, signatures, secretsDir, allowedRoots, FetchLimits.defaults());
        }
    }

    /** Opens the store (taking the state directory's lock) and the source. */
    public static Engine open(Options o, Clock clock) {
        return open(o, clock, java.util.function.UnaryOperator.identity(), FleetStatus.NONE);
    }

    /** The same, reading the fleet's status (wave gates, this host's last reported commit) from {@code fleet}. */
    public static Engine open(Options o, Clock clock, FleetStatus fleet) {
        return open(o, clock, java.util.function.UnaryOperator.identity(), fleet);
    }

    /** The same, with the executor wrapped (tests inject a crash at a chosen step). */
    static Engine open(Options o, Clock clock, java.util.function.UnaryOperator<StepExecutor> wrap) {
        return open(o, clock, wrap, FleetStatus.NONE);
    }

    private static Engine open(Options o, Clock clock, java.util.function.UnaryOperator<StepExecutor> wrap,
                               FleetStatus fleet) {
        StateStore store = SqliteStateStore.open(o.stateDir(), clock);
        try {
            boolean plainDirectory = isPlainDirectory(o);
            DesiredSource source = plainDirectory ? directory(o) : git(o, clock);
            if (!plainDirectory) {
                store.putSetting(SOURCE_REPO, Credentials.removedFrom(o.repo())); // never a credential
                store.putSetting(SOURCE_REF, o.ref());
                store.putSetting(SOURCE_PATH, o.path());
            }
            HostRoot root = new HostRoot(o.root(), new AllowedRoots(o.allowedRoots()));
            if (!root.isSystem()) {
                createRoot(root);
            }
            Secrets secrets = Secrets.of(o.secretsDir());
            Databases databases = o.databasesFile().map(f -> Databases.load(f, secrets)).orElse(Databases.none());
            StepExecutor executor = wrap.apply(
                    new HostStepExecutor(ExecutorOptions.defaults().withSystemctlCommand(o.systemctl()),
                            SnapshotStore.of(o.stateDir()), databases));
            EngineSettings settings = new EngineSettings(o.host(), root, o.allowNonDescendant(), Map.of(), secrets,
                    o.maxCommitAge());
            return new Engine(store, source, new Reconciler(settings, source, store, executor, new SpecLoader(), clock,
                    fleet), settings, executor);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** A scratch root is created on first use, so steps and checks see it before anything is written. */
    private static void createRoot(HostRoot root) {
        try {
            Files.createDirectories(root.root());
        } catch (java.io.IOException e) {
            throw new VersiondException(ErrorCode.USAGE, "cannot create --root " + root.root() + ": " + IoReason.of(e), e);
        }
    }

    private static boolean isPlainDirectory(Options o) {
        Path local = Path.of(o.repo());
        return !o.repo().contains("://") && Files.isDirectory(local)
                && !Files.exists(local.resolve(".git")) && !Files.exists(local.resolve("HEAD"));
    }

    private static DesiredSource directory(Options o) {
        if (!o.allowPlainDirectory()) {
            throw new VersiondException(ErrorCode.USAGE, o.repo() + " is a plain directory, not a Git repository; "
                    + "only `plan` previews a directory (apply needs a commit to record)");
        }
        Path local = Path.of(o.repo());
        return DesiredSource.directory(o.path().isEmpty() ? local : local.resolve(o.path()));
    }

    private static DesiredSource git(Options o, Clock clock) {
        JGitSource git = JGitSource.open(o.repo(), o.ref(), o.stateDir(), clock,
                SourceOptions.defaults().with(o.credentials(), o.signatures()).with(o.fetchLimits()));
        return DesiredSource.git(git, o.path(), git.remoteUrl());
    }

    public Reconciler reconciler() {
        return reconciler;
    }

    public EngineSettings settings() {
        return settings;
    }

    public StepExecutor executor() {
        return executor;
    }

    public StateStore store() {
        return store;
    }

    public DesiredSource source() {
        return source;
    }

    @Override
    public void close() {
        try {
            source.close();
        } finally {
            store.close();
        }
    }
}
