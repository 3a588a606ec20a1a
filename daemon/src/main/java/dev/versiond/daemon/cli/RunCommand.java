package dev.versiond.daemon.cli;

import dev.versiond.daemon.api.ApiServer;
import dev.versiond.daemon.api.BearerToken;
import dev.versiond.daemon.config.AgentConfig;
import dev.versiond.daemon.config.AgentConfigLoader;
import dev.versiond.daemon.hooks.PushHook;
import dev.versiond.daemon.metrics.AgentMetrics;
import dev.versiond.daemon.notify.Notifier;
import dev.versiond.daemon.reconcile.Agent;
import dev.versiond.daemon.reconcile.PassListener;
import dev.versiond.daemon.reconcile.PassOutcome;
import dev.versiond.daemon.schedule.PollScheduler;
import dev.versiond.daemon.schedule.PollTiming;
import dev.versiond.daemon.state.SqliteNativeLibrary;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code versiond run}: the daemon. Starts in this order: configuration → engine (takes the state lock) →
 * HTTP server → first pass (trigger {@code startup}) → polling → {@code READY=1}. On SIGTERM: {@code STOPPING=1},
 * polling stops (a running pass gets {@code --grace} to end), the HTTP server stops, the engine closes, and the
 * process exits 0 (1 if the grace ran out).
 */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = {"Run the agent: poll the desired-state repository, apply changes, serve HTTP.",
                "Settings come from defaults < --config FILE < VERSIOND_* environment variables < flags."})
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file (e.g. /etc/versiond/agent.yaml).")
    Path config;

    // The settings' fields below are read through picocli's model, by flags(spec), not by name.
    @Option(names = "--repo", paramLabel = "URL", description = "Desired-state Git repository.")
    String repo;

    @Option(names = "--ref", paramLabel = "BRANCH", description = "Branch to follow (default: main).")
    String ref;

    @Option(names = "--path", paramLabel = "DIR", description = "Directory of the repository holding components/ and targets/.")
    String path;

    @Option(names = "--state", paramLabel = "DIR", description = "State directory (default: " + AgentConfig.DEFAULT_STATE_DIR_TEXT + ").")
    String state;

    @Option(names = "--root", paramLabel = "DIR", description = "Prefix of every host path steps touch (default: /).")
    String root;

    @Option(names = "--host", paramLabel = "NAME", description = "This host's name for targets (default: the machine's).")
    String host;

    @Option(names = "--label", paramLabel = "K=V", description = "A label for targets; repeatable.")
    List<String> labels = new ArrayList<>();

    @Option(names = "--interval", paramLabel = "DURATION", description = "Time between polls (default: 60s).")
    String interval;

    @Option(names = "--jitter", paramLabel = "PERCENT", description = "Random spread of each poll delay (default: 10%%).")
    String jitter;

    @Option(names = "--http", paramLabel = "ADDR:PORT", description = "HTTP listen address (default: " + AgentConfig.DEFAULT_HTTP_TEXT + "; port 0 picks one).")
    String http;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Bearer token of POST /sync, /suspend, /resume, /retry.")
    String tokenFile;

    @Option(names = "--systemctl", paramLabel = "CMD", description = "Command for service steps (default: systemctl).")
    String systemctl;

    @Option(names = "--grace", paramLabel = "DURATION", description = "How long a running pass may finish after SIGTERM (default: 30s).")
    String grace;

    @Option(names = "--dev", description = "Run against a scratch copy of examples/fleet under .dev/ "
            + "(Git repository, host root, state, token, systemctl stand-in): try versiond without installing anything.")
    boolean dev;

    @Option(names = "--allow-non-descendant", negatable = true,
            description = "Allow applying a commit that does not descend from the last applied one (default: false).")
    Boolean allowNonDescendant;

    @Option(names = "--verify-signatures", paramLabel = "off|head|all",
            description = "Which commits must be signed by a trusted key (default: head when keys are configured, else off).")
    String verifySignatures;

    @Option(names = "--trusted-keys", paramLabel = "PATH", description = "OpenPGP public keys: a key file or a directory of them.")
    String trustedKeys;

    @Option(names = "--allowed-signers", paramLabel = "FILE", description = "OpenSSH allowed_signers file for SSH-signed commits.")
    String allowedSigners;

    @Option(names = "--ssh-key", paramLabel = "FILE", description = "Private key (deploy key) for ssh:// remotes.")
    String sshKey;

    @Option(names = "--known-hosts", paramLabel = "FILE", description = "known_hosts file the SSH remote's host key is checked against.")
    String knownHosts;

    @Option(names = "--accept-new-host-keys", negatable = true,
            description = "Trust an SSH host key seen for the first time and record it in --known-hosts (default: false).")
    Boolean acceptNewHostKeys;

    @Option(names = "--https-token-file", paramLabel = "FILE", description = "File holding an HTTPS access token.")
    String httpsTokenFile;

    @Option(names = "--https-user", paramLabel = "NAME", description = "User name sent with the token (default: x-access-token).")
    String httpsUser;

    @Option(names = "--secrets-dir", paramLabel = "DIR",
            description = "Where secretFile references in targets' config are read from (default: " + AgentConfig.DEFAULT_SECRETS_DIR_TEXT + ").")
    String secretsDir;

    @Option(names = "--fetch-max-bytes", paramLabel = "SIZE",
            description = "The most object bytes one fetch may bring, e.g. 512MiB (default: 1GiB).")
    String fetchMaxBytes;

    @Option(names = "--fetch-max-duration", paramLabel = "DURATION",
            description = "The longest one fetch may take (default: 10m).")
    String fetchMaxDuration;

    @Option(names = "--allowed-root", paramLabel = "DIR",
            description = "A host directory steps may touch; repeatable (default: everywhere under --root).")
    List<String> allowedRoots = new ArrayList<>();

    @Option(names = "--databases-file", paramLabel = "FILE",
            description = "YAML file naming the databases sql steps may use (url, user, password as a secret reference).")
    String databasesFile;

    @Option(names = "--status", negatable = true,
            description = "Report this host's status as commits in the status repository (default: false; on when --status-repo is given).")
    Boolean status;

    @Option(names = "--status-repo", paramLabel = "URL", description = "Status repository (default: --repo).")
    String statusRepo;

    @Option(names = "--status-ssh-key", paramLabel = "FILE", description = "Private key that may push to the status repository.")
    String statusSshKey;

    @Option(names = "--status-https-token-file", paramLabel = "FILE", description = "HTTPS token that may push to the status repository.")
    String statusHttpsTokenFile;

    @Option(names = "--status-signing-key", paramLabel = "FILE", description = "SSH private key (the host key) status commits are signed with.")
    String statusSigningKey;

    @Option(names = "--status-heartbeat", paramLabel = "DURATION", description = "Report at least this often (default: 1h).")
    String statusHeartbeat;

    @Option(names = "--host-signers", paramLabel = "FILE",
            description = "allowed_signers of host keys: rollout gates count only reports signed by the host they name.")
    String hostSigners;

    @Option(names = "--max-commit-age", paramLabel = "DURATION",
            description = "Report Stale when the commit served is older than this (a frozen remote).")
    String maxCommitAge;

    @Option(names = "--notify-webhook", paramLabel = "URL",
            description = "Send a signed JSON notification of each rollback, failure and recovery to this URL.")
    String notifyWebhook;

    @Option(names = "--notify-webhook-secret-file", paramLabel = "FILE",
            description = "File holding the webhook's HMAC-SHA256 secret (required with --notify-webhook).")
    String notifyWebhookSecretFile;

    @Option(names = "--notify-alertmanager", paramLabel = "URL",
            description = "Alertmanager to post alerts to (API v2), e.g. http://127.0.0.1:9093.")
    String notifyAlertmanager;

    @Option(names = "--notify-rate-limit", paramLabel = "N",
            description = "Notification requests per minute per sink at most (default: 20).")
    String notifyRateLimit;

    @Option(names = "--hook-secret-file", paramLabel = "FILE",
            description = "Shared secret of POST /hooks/git (GitHub, GitLab, Gitea/Forgejo push events).")
    String hookSecretFile;

    @Option(names = "--log-format", paramLabel = "line|json",
            description = "Log one line per event (default, for journald) or one JSON object per line.")
    String logFormat;

    private final AgentFactory engine;
    private final Map<String, String> env;

    RunCommand(AgentFactory engine) {
        this(engine, System.getenv());
    }

    RunCommand(AgentFactory engine, Map<String, String> env) {
        this.engine = engine;
        this.env = Map.copyOf(env);
    }

    @Override
    public Integer call() {
        Optional<DevMode> devMode = dev ? Optional.of(DevMode.prepare(spec.commandLine().getOut())) : Optional.empty();
        Map<String, String> flags = new LinkedHashMap<>();
        List<String> labelFlags = new ArrayList<>(labels);
        devMode.ifPresent(d -> {
            flags.putAll(d.flags());
            labelFlags.add(0, "env=dev");
        });
        flags.putAll(flags(spec));
        AgentConfig cfg = new AgentConfigLoader(env, RunCommand::machineHostName)
                .load(Optional.ofNullable(config), flags, labelFlags);
        StderrLogging.use(cfg.logFormat());
        Optional<BearerToken> token = cfg.tokenFile().map(BearerToken::read);
        if (token.isEmpty()) {
            LOG.warn("no token-file configured: POST /sync, /suspend, /resume and /retry are refused (403)");
        }
        AgentFactory factory = devMode.<AgentFactory>map(d -> (c, l, pushes) -> {
            AgentFactory.Running r = engine.open(c, l, pushes);
            return new AgentFactory.Running(r.agent(), r.onStopRequested(), () -> {
                r.onShutdown().run();
                d.stopUnits();
            }, r.fleet());
        }).orElse(engine);
        Daemon daemon = new Daemon(cfg, token, factory, devMode);
        daemon.start();
        Runtime.getRuntime().addShutdownHook(new Thread(daemon::stopAndHalt, "versiond-shutdown"));
        daemon.awaitStop();
        return 0;
    }

    /**
     * The settings given as flags, by key name, for {@link AgentConfigLoader#load}: one per key of
     * {@link AgentConfigLoader#flagsByKey} whose option was given; a repeated one's values joined with commas.
     */
    static Map<String, String> flags(CommandSpec spec) {
        Map<String, String> f = new LinkedHashMap<>();
        AgentConfigLoader.flagsByKey().forEach((key, flag) -> {
            OptionSpec option = spec.findOption(flag);
            if (option == null) {
                throw new IllegalStateException("the setting '" + key + "' has no option --" + flag);
            }
            Object value = option.getValue();
            if (value instanceof List<?> values) {
                if (!values.isEmpty()) {
                    f.put(key, values.stream().map(String::valueOf).collect(Collectors.joining(",")));
                }
            } else if (value != null) {
                f.put(key, value.toString());
            }
        });
        return f;
    }

    static String machineHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("localhost");
        }
    }

    /** The running daemon: what {@link #call()} starts and the shutdown hook stops. */
    private final class Daemon {
        private final AgentConfig cfg;
        private final Optional<BearerToken> token;
        private final AgentMetrics metrics = new AgentMetrics(Clock.systemUTC());
        private final Optional<SystemdNotify> notify = SystemdNotify.fromEnvironment(env, "systemd-notify");
        private final AtomicBoolean ready = new AtomicBoolean();
        private final CountDownLatch stopped = new CountDownLatch(1);
        private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "versiond-watchdog");
            t.setDaemon(true);
            return t;
        });
        private AgentFactory.Running running;
        private Agent agent;
        private PollScheduler scheduler;
        private ApiServer api;
        private Optional<Notifier> notifier = Optional.empty();
        private Optional<PushHook> hook = Optional.empty();

        private final AgentFactory factory;
        private final Optional<DevMode> devMode;

        Daemon(AgentConfig cfg, Optional<BearerToken> token, AgentFactory factory, Optional<DevMode> devMode) {
            this.cfg = cfg;
            this.token = token;
            this.factory = factory;
            this.devMode = devMode;
        }

        void start() {
            try {
                if (cfg.notifications().any()) {
                    notifier = Optional.of(Notifier.of(cfg.notifications(), metrics, Clock.systemUTC()));
                }
                running = factory.open(cfg, notifier.<PassListener>map(n -> PassListener.all(List.of(metrics, n)))
                        .orElse(metrics), metrics);
                agent = running.agent();
                metrics.statusChanged(agent.status());
                scheduler = new PollScheduler(agent, new PollTiming(cfg.interval(), cfg.jitterPercent(),
                        PollTiming.DEFAULT_MAX_BACKOFF), Clock.systemUTC(), new SecureRandom(), this::afterPass);
                PollScheduler polls = scheduler;
                hook = cfg.hookSecretFile().map(f -> PushHook.of(f, polls::syncNow, PushHook.DEFAULT_QUIET,
                        PushHook.DEFAULT_PER_MINUTE, Clock.systemUTC()));
                api = ApiServer.start(agent, scheduler::syncNow, metrics::scrape, cfg.http(), token, running.fleet(), hook);
                PrintWriter out = spec.commandLine().getOut();
                out.printf("versiond run: serving http://%s:%d  repo %s (%s%s)  host %s  state %s%n",
                        cfg.http().host().contains(":") ? "[" + cfg.http().host() + "]" : cfg.http().host(), api.port(),
                        cfg.displayRepo(), cfg.ref(), cfg.path().map(p -> ":" + p).orElse(""), cfg.host(), cfg.stateDir());
                out.flush();
                devMode.ifPresent(d -> d.printGuide(out, "http://" + cfg.http().host() + ":" + api.port()));
                notify.ifPresent(n -> n.status("starting: first pass"));
                scheduler.start();
                notify.flatMap(SystemdNotify::watchdog).ifPresent(every ->
                        watchdog.scheduleAtFixedRate(this::pet, 0, every.toMillis(), TimeUnit.MILLISECONDS));
            } catch (RuntimeException e) {
                release();
                throw e;
            }
        }

        private void afterPass(PassOutcome outcome) {
            metrics.statusChanged(agent.status());
            if (outcome instanceof PassOutcome.NoChange) {
                LOG.debug("pass {}: {}", outcome.result(), outcome.summary());
            } else {
                LOG.info("pass {}: {}", outcome.result(), outcome.summary());
            }
            notify.ifPresent(n -> {
                if (ready.compareAndSet(false, true)) {
                    n.send("READY=1");
                }
                n.status(agent.status().phase().name().toLowerCase(Locale.ROOT) + "; last pass "
                        + outcome.result() + ": " + outcome.summary());
            });
        }

        private void pet() {
            if (scheduler.healthy()) {
                notify.ifPresent(n -> n.send("WATCHDOG=1"));
            } else {
                LOG.warn("polling is not healthy; withholding the watchdog keep-alive");
            }
        }

        void awaitStop() {
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** The SIGTERM path. Halts rather than returns: a JVM ended by a signal would otherwise exit 143. */
        void stopAndHalt() {
            LOG.info("stopping (grace {}s for a running pass)", cfg.grace().toSeconds());
            notify.ifPresent(n -> n.send("STOPPING=1"));
            watchdog.shutdownNow();
            quietly("the running pass", running.onStopRequested());
            boolean clean = scheduler.stop(cfg.grace());
            scheduler = null;
            release();
            SqliteNativeLibrary.deletePrivateDirectory(); // halt skips the deletion at exit
            LOG.info("stopped{}", clean ? "" : " without waiting for the running pass");
            System.out.flush();
            System.err.flush();
            stopped.countDown();
            Runtime.getRuntime().halt(clean ? 0 : 1);
        }

        /** Stops what was started, in reverse order; each step is independent of the others failing. */
        private void release() {
            watchdog.shutdownNow();
            if (api != null) {
                quietly("the HTTP server", api::close);
            }
            if (scheduler != null) {
                quietly("the scheduler", () -> scheduler.stop(Duration.ZERO));
            }
            hook.ifPresent(h -> quietly("the push hook", h::close));
            if (running != null) {
                quietly("the engine", running.onShutdown());
            }
            notifier.ifPresent(n -> quietly("the notification sinks", n::close));
            quietly("metrics", metrics::close);
            notify.ifPresent(n -> quietly("notifications", n::close));
        }

        private void quietly(String what, Runnable r) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warn("while stopping {}: {}", what, e.toString());
            }
        }
    }
}
