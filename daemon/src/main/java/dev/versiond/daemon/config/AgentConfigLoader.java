package dev.versiond.daemon.config;

import dev.versiond.daemon.IoReason;
import dev.versiond.daemon.notify.NotifySettings;
import dev.versiond.daemon.source.Credentials;
import dev.versiond.daemon.source.FetchLimits;
import dev.versiond.daemon.source.SignaturePolicy;

import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import dev.versiond.spec.model.Durations;
import dev.versiond.spec.validate.Suggestions;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Builds the {@link AgentConfig} from four layers, each overriding the one before: the defaults in
 * {@code AgentConfig}, the YAML file ({@code --config}), {@code VERSIOND_*} environment variables, and flags.
 * Labels merge key by key across the layers. Every problem is reported at once, each naming the key and
 * where it came from ({@code agent.yaml:4: interval}, {@code VERSIOND_INTERVAL}, {@code --interval}).
 *
 * <p>The keys are the same everywhere: the YAML key is the flag's name ({@code token-file: /etc/versiond/token}),
 * the environment variable its upper-case form ({@code VERSIOND_TOKEN_FILE}). {@code labels} is a mapping in
 * YAML and {@code K=V,K=V} in {@code VERSIOND_LABELS}; flags give one {@code --label K=V} per label.
 * {@code allowed-roots} is a list in YAML, {@code /opt,/etc/cms} in {@code VERSIOND_ALLOWED_ROOTS}, and
 * one {@code --allowed-root DIR} per root (the caller joins them with commas).
 *
 * <p>Notifications: {@code notify-webhook} (URL) with {@code notify-webhook-secret-file} (its HMAC secret),
 * {@code notify-alertmanager} (base URL), {@code notify-rate-limit} (requests per minute per sink, default
 * {@value dev.versiond.daemon.notify.NotifySettings#DEFAULT_PER_MINUTE}). Push hooks: {@code hook-secret-file}.
 * Logs: {@code log-format} {@code line} (default) or {@code json}.
 */
public final class AgentConfigLoader {
    private static final Logger LOG = LoggerFactory.getLogger(AgentConfigLoader.class);
    private static final String ENV_PREFIX = "VERSIOND_";
    /** Variables with the prefix that are read elsewhere, not configuration keys. */
    private static final List<String> ENV_READ_ELSEWHERE = List.of("VERSIOND_LOG_LEVEL");
    private static final Pattern LABEL_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]*");

    /**
     * The configuration keys, by the name used in the file and on the command line. The one list of them:
     * the environment variables, the file's keys and {@code versiond run}'s flags ({@link #flagsByKey}) all
     * come from it.
     */
    enum Key {
        REPO("repo"), REF("ref"), PATH("path"), STATE("state"), ROOT("root"), HOST("host"), LABELS("labels"),
        INTERVAL("interval"), JITTER("jitter"), HTTP("http"), TOKEN_FILE("token-file"), SYSTEMCTL("systemctl"),
        GRACE("grace"), ALLOW_NON_DESCENDANT("allow-non-descendant"), VERIFY_SIGNATURES("verify-signatures"),
        TRUSTED_KEYS("trusted-keys"), ALLOWED_SIGNERS("allowed-signers"), SSH_KEY("ssh-key"), KNOWN_HOSTS("known-hosts"),
        ACCEPT_NEW_HOST_KEYS("accept-new-host-keys"), HTTPS_TOKEN_FILE("https-token-file"), HTTPS_USER("https-user"),
        SECRETS_DIR("secrets-dir"), ALLOWED_ROOTS("allowed-roots"), FETCH_MAX_BYTES("fetch-max-bytes"),
        FETCH_MAX_DURATION("fetch-max-duration"), DATABASES_FILE("databases-file"),
        STATUS("status"), STATUS_REPO("status-repo"),
        STATUS_SSH_KEY("status-ssh-key"), STATUS_HTTPS_TOKEN_FILE("status-https-token-file"),
        STATUS_SIGNING_KEY("status-signing-key"), STATUS_HEARTBEAT("status-heartbeat"), HOST_SIGNERS("host-signers"),
        MAX_COMMIT_AGE("max-commit-age"),
        NOTIFY_WEBHOOK("notify-webhook"),
        NOTIFY_WEBHOOK_SECRET_FILE("notify-webhook-secret-file"), NOTIFY_ALERTMANAGER("notify-alertmanager"),
        NOTIFY_RATE_LIMIT("notify-rate-limit"), HOOK_SECRET_FILE("hook-secret-file"), LOG_FORMAT("log-format");

        final String name;

        Key(String name) {
            this.name = name;
        }

        String envName() {
            return ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('-', '_');
        }

        /** The flag's name without {@code --}: singular for the repeatable ones ({@code --allowed-root DIR}). */
        String flagName() {
            return switch (this) {
                case LABELS -> "label";
                case ALLOWED_ROOTS -> "allowed-root";
                default -> name;
            };
        }

        static Optional<Key> named(String name) {
            return Arrays.stream(values()).filter(k -> k.name.equals(name)).findFirst();
        }
    }

    /**
     * The flag (without {@code --}) that sets each key {@link #load} takes in its {@code flags}, by key name:
     * every key but {@code labels}, whose {@code --label} values are passed on their own. A command line
     * derives its flags from this, so a new key cannot be left out of it.
     */
    public static Map<String, String> flagsByKey() {
        Map<String, String> flags = new LinkedHashMap<>();
        for (Key key : Key.values()) {
            if (key != Key.LABELS) {
                flags.put(key.name, key.flagName());
            }
        }
        return Collections.unmodifiableMap(flags);
    }

    /** A raw value and where it came from, the prefix of any message about it. */
    private record Setting(String value, String origin) {
    }

    private final Map<String, String> env;
    private final Supplier<String> machineHost;

    /**
     * @param env the process environment ({@code System.getenv()}; tests pass their own)
     * @param machineHost the host name used when none is configured
     */
    public AgentConfigLoader(Map<String, String> env, Supplier<String> machineHost) {
        this.env = Map.copyOf(env);
        this.machineHost = machineHost;
    }

    /**
     * Loads and validates the configuration.
     *
     * @param file the YAML file, if one was named
     * @param flags flag values by key name ({@code "interval" -> "5m"}), for the flags given on the command line
     * @param labelFlags the {@code --label K=V} values, in order
     * @throws VersiondException with {@link ErrorCode#CONFIG} listing every problem found
     */
    public AgentConfig load(Optional<Path> file, Map<String, String> flags, List<String> labelFlags) {
        List<String> problems = new ArrayList<>();
        Map<Key, Setting> settings = new EnumMap<>(Key.class);
        Map<String, Setting> labels = new LinkedHashMap<>();

        file.ifPresent(f -> readFile(f, settings, labels, problems));
        readEnvironment(settings, labels, problems);
        flags.forEach((name, value) -> {
            Optional<Key> key = Key.named(name).filter(k -> k != Key.LABELS);
            if (key.isEmpty()) {
                throw new IllegalArgumentException("not a configuration flag: " + name);
            }
            settings.put(key.get(), new Setting(value, "--" + name));
        });
        for (String label : labelFlags) {
            addLabel(label, "--label", labels, problems);
        }

        Parser p = new Parser(settings, problems);
        String repo = p.text(Key.REPO).orElse(null);
        if (repo == null) {
            problems.add("repo: required (--repo, " + Key.REPO.envName() + " or repo: in the config file)");
        }
        String ref = p.text(Key.REF).orElse(AgentConfig.DEFAULT_REF);
        Optional<String> path = p.text(Key.PATH).map(s -> s.replaceAll("^/+|/+$", "")).filter(s -> !s.isEmpty());
        Path stateDir = p.path(Key.STATE).orElse(AgentConfig.DEFAULT_STATE_DIR);
        Path root = p.path(Key.ROOT).orElse(AgentConfig.DEFAULT_ROOT);
        String host = p.text(Key.HOST).orElseGet(machineHost);
        String systemctl = p.text(Key.SYSTEMCTL).orElse(AgentConfig.DEFAULT_SYSTEMCTL);
        boolean allowNonDescendant = p.bool(Key.ALLOW_NON_DESCENDANT).orElse(AgentConfig.DEFAULT_ALLOW_NON_DESCENDANT);
        Duration interval = p.duration(Key.INTERVAL).orElse(AgentConfig.DEFAULT_INTERVAL);
        if (interval.compareTo(AgentConfig.MIN_INTERVAL) < 0) {
            problems.add(settings.get(Key.INTERVAL).origin() + ": '" + settings.get(Key.INTERVAL).value()
                    + "' is shorter than the minimum of " + Durations.format(AgentConfig.MIN_INTERVAL));
        }
        int jitter = p.percent(Key.JITTER).orElse(AgentConfig.DEFAULT_JITTER_PERCENT);
        HttpAddress http = p.http(Key.HTTP).orElse(AgentConfig.DEFAULT_HTTP);
        Optional<Path> tokenFile = p.path(Key.TOKEN_FILE);
        Duration grace = p.duration(Key.GRACE).orElse(AgentConfig.DEFAULT_GRACE);
        SignaturePolicy signatures = signatures(p, settings, problems);
        Credentials credentials = new Credentials(p.path(Key.SSH_KEY), p.path(Key.KNOWN_HOSTS),
                p.bool(Key.ACCEPT_NEW_HOST_KEYS).orElse(false), p.path(Key.HTTPS_TOKEN_FILE),
                p.text(Key.HTTPS_USER).filter(u -> !u.isBlank()).orElse(Credentials.DEFAULT_HTTPS_USER));
        Path secretsDir = p.path(Key.SECRETS_DIR).orElse(AgentConfig.DEFAULT_SECRETS_DIR);
        List<String> allowedRoots = p.roots(Key.ALLOWED_ROOTS);
        long fetchMaxBytes = p.bytes(Key.FETCH_MAX_BYTES).orElse(FetchLimits.DEFAULT_MAX_BYTES);
        Duration fetchMaxDuration = p.duration(Key.FETCH_MAX_DURATION).orElse(FetchLimits.DEFAULT_MAX_DURATION);
        if (fetchMaxDuration.compareTo(Duration.ofSeconds(1)) < 0) {
            problems.add(settings.get(Key.FETCH_MAX_DURATION).origin() + ": '" + settings.get(Key.FETCH_MAX_DURATION).value()
                    + "' is shorter than one second");
            fetchMaxDuration = FetchLimits.DEFAULT_MAX_DURATION;
        }
        Optional<Path> databasesFile = p.path(Key.DATABASES_FILE);
        Optional<StatusConfig> status = status(p, repo, credentials, settings, problems);
        Optional<Duration> maxCommitAge = p.duration(Key.MAX_COMMIT_AGE);
        NotifySettings notify = notify(p, settings, problems);
        Optional<Path> hookSecretFile = p.path(Key.HOOK_SECRET_FILE);
        LogFormat logFormat = p.text(Key.LOG_FORMAT).flatMap(t -> {
            Optional<LogFormat> f = LogFormat.parse(t);
            if (f.isEmpty()) {
                problems.add(settings.get(Key.LOG_FORMAT).origin() + ": '" + t + "' is not a log format (line or json)");
            }
            return f;
        }).orElse(AgentConfig.DEFAULT_LOG_FORMAT);

        Map<String, String> labelValues = new LinkedHashMap<>();
        labels.forEach((k, s) -> labelValues.put(k, s.value()));

        if (!problems.isEmpty()) {
            throw new VersiondException(ErrorCode.CONFIG, "configuration refused:\n  " + String.join("\n  ", problems));
        }
        return new AgentConfig(repo, ref, path, stateDir, root, host, labelValues, systemctl, allowNonDescendant,
                interval, jitter, http, tokenFile, grace, signatures, credentials, secretsDir, allowedRoots,
                new FetchLimits(fetchMaxBytes, fetchMaxDuration), databasesFile, status, maxCommitAge, notify,
                hookSecretFile, logFormat);
    }

    /**
     * Host status in Git is on when {@code status} is true, or a {@code status-repo} is given. Its push
     * credentials are its own; the SSH known_hosts file is shared with the desired-state remote.
     */
    private static Optional<StatusConfig> status(Parser p, String repo, Credentials fetch, Map<Key, Setting> settings,
                                                 List<String> problems) {
        Optional<String> statusRepo = p.text(Key.STATUS_REPO).filter(s -> !s.isBlank());
        boolean on = p.bool(Key.STATUS).orElse(statusRepo.isPresent());
        Duration heartbeat = p.duration(Key.STATUS_HEARTBEAT).orElse(StatusConfig.DEFAULT_HEARTBEAT);
        if (heartbeat.compareTo(AgentConfig.MIN_INTERVAL) < 0) {
            problems.add(settings.get(Key.STATUS_HEARTBEAT).origin() + ": shorter than the minimum of "
                    + Durations.format(AgentConfig.MIN_INTERVAL));
        }
        if (!on || repo == null) {
            for (Key k : List.of(Key.STATUS_SSH_KEY, Key.STATUS_HTTPS_TOKEN_FILE, Key.STATUS_SIGNING_KEY, Key.HOST_SIGNERS)) {
                if (settings.containsKey(k)) {
                    LOG.warn("{}: ignored, host status in Git is off (set status: true)", settings.get(k).origin());
                }
            }
            return Optional.empty();
        }
        Credentials push = new Credentials(p.path(Key.STATUS_SSH_KEY), fetch.knownHosts(), fetch.acceptNewHostKeys(),
                p.path(Key.STATUS_HTTPS_TOKEN_FILE), fetch.httpsUser());
        return Optional.of(new StatusConfig(statusRepo.orElse(repo), push, p.path(Key.STATUS_SIGNING_KEY), heartbeat,
                p.path(Key.HOST_SIGNERS)));
    }

    /**
     * The {@code notify-*} keys. A webhook without its secret file is refused: its receivers could not tell a
     * notification from a forgery. URLs are http or https, without credentials in them (they would be logged
     * and shown by {@code ps}; put the receiver behind a token-less path or a proxy instead).
     */
    private static NotifySettings notify(Parser p, Map<Key, Setting> settings, List<String> problems) {
        Optional<URI> webhook = p.url(Key.NOTIFY_WEBHOOK);
        Optional<Path> secretFile = p.path(Key.NOTIFY_WEBHOOK_SECRET_FILE);
        Optional<URI> alertmanager = p.url(Key.NOTIFY_ALERTMANAGER);
        int perMinute = p.text(Key.NOTIFY_RATE_LIMIT).flatMap(t -> {
            if (!t.matches("\\d{1,5}") || Integer.parseInt(t) < 1) {
                problems.add(settings.get(Key.NOTIFY_RATE_LIMIT).origin() + ": '" + t
                        + "' is not a number of notifications per minute (1 or more)");
                return Optional.empty();
            }
            return Optional.of(Integer.parseInt(t));
        }).orElse(NotifySettings.DEFAULT_PER_MINUTE);
        if (webhook.isPresent() && secretFile.isEmpty()) {
            problems.add(settings.get(Key.NOTIFY_WEBHOOK).origin() + ": a webhook needs "
                    + Key.NOTIFY_WEBHOOK_SECRET_FILE.name + " (its HMAC-SHA256 secret)");
            return NotifySettings.none();
        }
        return new NotifySettings(webhook, secretFile, alertmanager, perMinute);
    }

    /**
     * {@code verify-signatures} defaults to {@code head} once trusted keys are configured: configuring keys and
     * forgetting the mode must not leave the agent trusting everything. Without keys it defaults to {@code off}.
     */
    private static SignaturePolicy signatures(Parser p, Map<Key, Setting> settings, List<String> problems) {
        Optional<Path> trustedKeys = p.path(Key.TRUSTED_KEYS);
        Optional<Path> allowedSigners = p.path(Key.ALLOWED_SIGNERS);
        boolean keys = trustedKeys.isPresent() || allowedSigners.isPresent();
        SignaturePolicy.Mode mode = keys ? SignaturePolicy.Mode.HEAD : SignaturePolicy.Mode.OFF;
        Optional<String> given = p.text(Key.VERIFY_SIGNATURES);
        if (given.isPresent()) {
            String origin = settings.get(Key.VERIFY_SIGNATURES).origin();
            try {
                mode = SignaturePolicy.Mode.parse(given.get());
            } catch (IllegalArgumentException e) {
                problems.add(origin + ": " + e.getMessage());
                return SignaturePolicy.off();
            }
            if (mode != SignaturePolicy.Mode.OFF && !keys) {
                problems.add(origin + ": verifying signatures (" + mode.word() + ") needs trusted-keys (OpenPGP) "
                        + "or allowed-signers (SSH)");
                return SignaturePolicy.off();
            }
            if (mode == SignaturePolicy.Mode.OFF && keys) {
                LOG.warn("{}: signatures are NOT verified although trusted keys are configured", origin);
            }
        }
        return new SignaturePolicy(mode, trustedKeys, allowedSigners);
    }

    private void readEnvironment(Map<Key, Setting> settings, Map<String, Setting> labels, List<String> problems) {
        env.keySet().stream().filter(n -> n.startsWith(ENV_PREFIX)).sorted().forEach(name -> {
            String value = env.get(name);
            Optional<Key> key = Arrays.stream(Key.values()).filter(k -> k.envName().equals(name)).findFirst();
            if (key.isEmpty()) {
                if (!ENV_READ_ELSEWHERE.contains(name)) {
                    LOG.warn("ignoring environment variable {}: not a versiond setting{}", name,
                            Suggestions.didYouMean(name, Arrays.stream(Key.values()).map(Key::envName).toList()));
                }
            } else if (key.get() == Key.LABELS) {
                for (String label : value.split(",")) {
                    if (!label.isBlank()) {
                        addLabel(label.trim(), name, labels, problems);
                    }
                }
            } else {
                settings.put(key.get(), new Setting(value, name));
            }
        });
    }

    private static void addLabel(String label, String origin, Map<String, Setting> labels, List<String> problems) {
        int eq = label.indexOf('=');
        String key = eq < 0 ? label : label.substring(0, eq).trim();
        if (eq < 0 || !LABEL_KEY.matcher(key).matches()) {
            problems.add(origin + ": '" + label + "' is not a label (KEY=VALUE, the key of letters, digits, '.', '_', '/', '-')");
            return;
        }
        labels.put(key, new Setting(label.substring(eq + 1).trim(), origin));
    }

    private static void readFile(Path file, Map<Key, Setting> settings, Map<String, Setting> labels,
                                 List<String> problems) {
        Node root;
        try (Reader reader = Files.newBufferedReader(file)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(options).compose(reader);
        } catch (IOException e) {
            throw new VersiondException(ErrorCode.CONFIG, "config file " + file + ": cannot read it: " + IoReason.of(e), e);
        } catch (YAMLException e) {
            throw new VersiondException(ErrorCode.CONFIG, "config file " + file + ": not valid YAML: " + e.getMessage(), e);
        }
        if (root == null) {
            return;
        }
        if (!(root instanceof MappingNode mapping)) {
            problems.add(at(file, root) + "expected a mapping of settings (repo: ..., interval: ...)");
            return;
        }
        List<String> known = Arrays.stream(Key.values()).map(k -> k.name).toList();
        for (NodeTuple tuple : mapping.getValue()) {
            String name = tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : String.valueOf(tuple.getKeyNode());
            String origin = at(file, tuple.getKeyNode()) + name;
            Optional<Key> key = Key.named(name);
            Node value = tuple.getValueNode();
            if (key.isEmpty()) {
                problems.add(origin + ": unknown setting" + Suggestions.didYouMean(name, known));
            } else if (key.get() == Key.LABELS) {
                readLabels(file, origin, value, labels, problems);
            } else if (key.get() == Key.ALLOWED_ROOTS && value instanceof SequenceNode list) {
                List<String> items = new ArrayList<>();
                for (Node item : list.getValue()) {
                    if (item instanceof ScalarNode s) {
                        items.add(s.getValue());
                    } else {
                        problems.add(origin + ": expected a list of directories");
                    }
                }
                settings.put(key.get(), new Setting(String.join(",", items), origin));
            } else if (value instanceof ScalarNode scalar && !scalar.getTag().getValue().endsWith(":null")) {
                settings.put(key.get(), new Setting(scalar.getValue(), origin));
            } else {
                problems.add(origin + ": expected a single value");
            }
        }
    }

    private static void readLabels(Path file, String origin, Node value, Map<String, Setting> labels,
                                   List<String> problems) {
        if (!(value instanceof MappingNode mapping)) {
            problems.add(origin + ": expected a mapping of labels (env: prod)");
            return;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode k && tuple.getValueNode() instanceof ScalarNode v) {
                addLabel(k.getValue() + "=" + v.getValue(), at(file, k) + "labels." + k.getValue(), labels, problems);
            } else {
                problems.add(at(file, tuple.getKeyNode()) + "labels: expected KEY: VALUE");
            }
        }
    }

    private static String at(Path file, Node node) {
        return file + ":" + (node.getStartMark().getLine() + 1) + ": ";
    }

    /** Turns settings into typed values, adding a problem (and yielding empty) for each bad one. */
    private record Parser(Map<Key, Setting> settings, List<String> problems) {

        Optional<String> text(Key key) {
            Setting s = settings.get(key);
            if (s == null) {
                return Optional.empty();
            }
            if (s.value().isBlank()) {
                problems.add(s.origin() + ": empty value");
                return Optional.empty();
            }
            return Optional.of(s.value().trim());
        }

        Optional<Path> path(Key key) {
            return text(key).flatMap(t -> {
                try {
                    return Optional.of(Path.of(t));
                } catch (InvalidPathException e) {
                    problems.add(settings.get(key).origin() + ": '" + t + "' is not a path");
                    return Optional.empty();
                }
            });
        }

        /** A comma-separated list of absolute directories, normalised; empty when not set. */
        List<String> roots(Key key) {
            Setting s = settings.get(key);
            if (s == null) {
                return List.of();
            }
            List<String> roots = new ArrayList<>();
            for (String item : s.value().split(",")) {
                String t = item.trim();
                if (t.isEmpty()) {
                    continue;
                }
                if (!t.startsWith("/")) {
                    problems.add(s.origin() + ": '" + t + "' is not an absolute path");
                    continue;
                }
                try {
                    roots.add(Path.of(t).normalize().toString());
                } catch (InvalidPathException e) {
                    problems.add(s.origin() + ": '" + t + "' is not a path");
                }
            }
            return roots;
        }

        Optional<Duration> duration(Key key) {
            return text(key).flatMap(t -> {
                Optional<Duration> d = Durations.tryParse(t.trim());
                if (d.isEmpty()) {
                    problems.add(settings.get(key).origin() + ": '" + t + "' is not a duration (e.g. 30s, 5m)");
                }
                return d;
            });
        }

        /** A positive size in bytes, with an optional KiB, MiB or GiB (powers of 1024). */
        Optional<Long> bytes(Key key) {
            return text(key).flatMap(t -> {
                var m = java.util.regex.Pattern.compile("(\\d{1,15})\\s*(KiB|MiB|GiB)?").matcher(t.trim());
                if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
                    problems.add(settings.get(key).origin() + ": '" + t + "' is not a size (bytes, e.g. 1048576, 512MiB, 1GiB)");
                    return Optional.empty();
                }
                int shift = m.group(2) == null ? 0 : switch (m.group(2)) {
                    case "KiB" -> 10;
                    case "MiB" -> 20;
                    default -> 30;
                };
                return Optional.of(Long.parseLong(m.group(1)) << shift);
            });
        }

        Optional<Boolean> bool(Key key) {
            return text(key).flatMap(t -> switch (t.toLowerCase(Locale.ROOT)) {
                case "true" -> Optional.of(true);
                case "false" -> Optional.of(false);
                default -> {
                    problems.add(settings.get(key).origin() + ": '" + t + "' is not true or false");
                    yield Optional.empty();
                }
            });
        }

        Optional<Integer> percent(Key key) {
            return text(key).flatMap(t -> {
                String digits = t.endsWith("%") ? t.substring(0, t.length() - 1).trim() : t;
                if (!digits.matches("\\d{1,3}") || Integer.parseInt(digits) > 100) {
                    problems.add(settings.get(key).origin() + ": '" + t + "' is not a percentage from 0% to 100%");
                    return Optional.empty();
                }
                return Optional.of(Integer.parseInt(digits));
            });
        }

        Optional<URI> url(Key key) {
            return text(key).flatMap(t -> {
                String origin = settings.get(key).origin();
                try {
                    URI u = new URI(t);
                    if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                        problems.add(origin + ": '" + Credentials.removedFrom(t) + "' is not an http:// or https:// URL");
                        return Optional.empty();
                    }
                    if (u.getRawUserInfo() != null) {
                        problems.add(origin + ": '" + Credentials.removedFrom(t)
                                + "' has credentials in it; they are not supported (they would be logged)");
                        return Optional.empty();
                    }
                    return Optional.of(u);
                } catch (URISyntaxException e) {
                    problems.add(origin + ": '" + Credentials.removedFrom(t) + "' is not a URL: " + e.getReason());
                    return Optional.empty();
                }
            });
        }

        Optional<HttpAddress> http(Key key) {
            return text(key).flatMap(t -> {
                Optional<HttpAddress> a = HttpAddress.parse(t);
                if (a.isEmpty()) {
                    problems.add(settings.get(key).origin() + ": '" + t
                            + "' is not an address (HOST:PORT, e.g. " + AgentConfig.DEFAULT_HTTP_TEXT + "; port 0 picks a free one)");
                }
                return a;
            });
        }
    }
}
