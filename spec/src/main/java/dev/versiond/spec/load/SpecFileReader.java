package dev.versiond.spec.load;

import dev.versiond.spec.model.CheckStep;
import dev.versiond.spec.model.Component;
import dev.versiond.spec.model.ConfigSection;
import dev.versiond.spec.model.Dependency;
import dev.versiond.spec.model.DesiredComponent;
import dev.versiond.spec.model.FileStep;
import dev.versiond.spec.model.SqlStep;
import dev.versiond.spec.model.Migration;
import dev.versiond.spec.model.Position;
import dev.versiond.spec.model.Rollout;
import dev.versiond.spec.model.Probe;
import dev.versiond.spec.model.RolloutGate;
import dev.versiond.spec.model.Selector;
import dev.versiond.spec.model.Step;
import dev.versiond.spec.model.Target;
import dev.versiond.spec.model.Version;
import dev.versiond.spec.model.VersionConstraint;
import dev.versiond.spec.model.Window;
import dev.versiond.spec.model.Defaults;
import dev.versiond.spec.validate.SecretNames;
import dev.versiond.spec.validate.Suggestions;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.FileSystems;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads one file of the layout (Component, Migration or Target) on its own: the per-file half of loading. */
final class SpecFileReader {
    private static final List<String> KIND_WORDS = List.of("Component", "Migration", "Target");
    private static final Set<String> COMPONENT_KEYS = Set.of("kind", "name", "description", "dependsOn", "config");
    private static final Set<String> CONFIG_KEYS = Set.of("files", "onChange");
    private static final Set<String> MIGRATION_KEYS = Set.of("kind", "component", "version", "description",
            "preflight", "up", "verify", "down", "rto");
    private static final Set<String> TARGET_KEYS = Set.of("kind", "name", "selector", "components", "rollout",
            "windows", "selfHeal");
    private static final Set<String> SELECTOR_KEYS = Set.of("hosts", "labels");
    private static final Set<String> DESIRED_KEYS = Set.of("version", "config");
    private static final Set<String> ROLLOUT_KEYS = Set.of("waves", "bake", "minHealthy", "errorBudget", "minReporters",
            "analysis");
    private static final Set<String> WINDOW_KEYS = Set.of("cron", "duration", "timezone");
    /** Component and target names: they appear in paths, state records and metrics labels. */
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    private static final List<String> ALL_KINDS = StepReader.KINDS;
    private static final List<String> CHECK_ONLY = List.of("check");
    private static final List<String> FILE_ONLY = List.of("file");

    private SpecFileReader() {
    }

    static ParsedFile read(String path, Place place, byte[] bytes) {
        Problems problems = new Problems(path);
        Optional<Node> root = YamlReader.read(bytes, problems);
        if (root.isEmpty()) {
            return ParsedFile.failed(problems);
        }
        if (!(root.get() instanceof MappingNode map)) {
            problems.error(root.get(), "a " + place.kind().word() + " file must be a YAML mapping starting with 'kind: "
                    + place.kind().word() + "', not " + Fields.describe(root.get()));
            return ParsedFile.failed(problems);
        }
        if (!kindFits(map, place, problems)) {
            return ParsedFile.failed(problems);
        }
        return switch (place.kind()) {
            case COMPONENT -> component(map, place, problems);
            case MIGRATION -> migration(map, place, problems);
            default -> target(map, place, problems);
        };
    }

    private static boolean kindFits(MappingNode map, Place place, Problems problems) {
        String expected = place.kind().word();
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("kind")) {
                Node v = t.getValueNode();
                String kind = v instanceof ScalarNode s ? s.getValue() : null;
                if (kind == null || v.getTag().equals(Tag.NULL)) {
                    problems.error(v, "'kind' must be " + expected + ", not " + Fields.describe(v));
                    return false;
                }
                if (!KIND_WORDS.contains(kind)) {
                    problems.error(v, "unknown kind '" + kind + "'" + Suggestions.didYouMean(kind, KIND_WORDS)
                            + ": expected " + expected + " in " + problems.file());
                    return false;
                }
                if (!kind.equals(expected)) {
                    problems.error(v, "kind '" + kind + "' does not belong in " + problems.file() + ": expected "
                            + expected + " (" + layoutOf(kind) + ")");
                    return false;
                }
                return true;
            }
        }
        problems.error(map, "missing required key 'kind' (expected 'kind: " + expected + "' for " + problems.file() + ")");
        return false;
    }

    private static String layoutOf(String kind) {
        return switch (kind) {
            case "Component" -> "a Component is components/<name>/component.yaml";
            case "Migration" -> "a Migration is components/<name>/migrations/<version>.yaml";
            default -> "a Target is targets/<name>.yaml";
        };
    }

    // ---- Component ----------------------------------------------------------------------------

    private static ParsedFile component(MappingNode map, Place place, Problems problems) {
        Fields f = new Fields(map, "Component", COMPONENT_KEYS, problems);
        String folder = place.component();
        String dir = "components/" + folder + "/";
        Optional<String> name = f.requiredString("name");
        name.ifPresent(n -> {
            if (!n.equals(folder)) {
                problems.error(f.value("name").orElseThrow(), "component name '" + n + "' must equal its folder name '"
                        + folder + "' (" + problems.file() + ")");
            } else if (!NAME.matcher(n).matches()) {
                problems.error(f.value("name").orElseThrow(), "component name '" + n + "' is not valid: expected "
                        + "lower-case letters, digits, '.', '_' and '-', starting with a letter or digit");
            }
        });
        Optional<String> description = f.string("description");
        List<Dependency> dependsOn = new ArrayList<>();
        f.value("dependsOn").ifPresent(v -> dependencies(v, problems, dependsOn));
        List<TemplateUse> templates = new ArrayList<>();
        ConfigSection config = ConfigSection.empty();
        if (f.has("config")) {
            Optional<Fields> c = Fields.of(f.value("config").orElseThrow(), "'config' of the Component", CONFIG_KEYS,
                    problems);
            if (c.isPresent()) {
                StepReader steps = new StepReader(problems, dir, templates);
                Map<String, Position> ids = new HashMap<>();
                List<Step> files = c.get().value("files")
                        .map(v -> steps.steps(v, "config.files", FILE_ONLY, ids)).orElse(List.of());
                List<Step> onChange = c.get().value("onChange")
                        .map(v -> steps.steps(v, "config.onChange", StepReader.ON_CHANGE_KINDS, ids)).orElse(List.of());
                config = new ConfigSection(files.stream().map(FileStep.class::cast).toList(), onChange);
            }
        }
        // Built even when the file has errors: the rules across files still check what could be read.
        Component component = new Component(folder, description, dependsOn, config, new TreeMap<>(),
                problems.file(), f.position());
        return new ParsedFile(Optional.of(component), Optional.empty(), Optional.empty(), f.position(), true, Map.of(), templates,
                problems.diagnostics());
    }

    private static void dependencies(Node v, Problems problems, List<Dependency> out) {
        if (!(v instanceof MappingNode map)) {
            problems.error(v, "'dependsOn' must be a mapping of component name to version constraint "
                    + "(e.g. db-schema: \">=2.3.0\"), not " + Fields.describe(v));
            return;
        }
        Set<String> seen = new java.util.HashSet<>();
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k) || k.getTag().equals(Tag.NULL)) {
                problems.error(t.getKeyNode(), "keys of 'dependsOn' must be component names");
                continue;
            }
            if (!seen.add(k.getValue())) {
                problems.error(k, "duplicate key '" + k.getValue() + "' in 'dependsOn'");
                continue;
            }
            Node c = t.getValueNode();
            String text = c instanceof ScalarNode s && !s.getTag().equals(Tag.NULL) ? s.getValue() : null;
            if (text == null) {
                problems.error(c, "constraint of dependency '" + k.getValue() + "' must be a string such as \">=2.3.0\" "
                        + "or \"*\", not " + Fields.describe(c));
                continue;
            }
            Optional<VersionConstraint> constraint = VersionConstraint.tryParse(text);
            if (constraint.isEmpty()) {
                problems.error(c, "constraint '" + text + "' of dependency '" + k.getValue() + "' is not a version "
                        + "constraint: " + VersionConstraint.problem(text).orElse("it does not parse")
                        + " (expected npm syntax, e.g. \">=2.3.0\", \"^1.2.0\", \">=1.0.0 <2.0.0\", \"*\")");
                continue;
            }
            out.add(new Dependency(k.getValue(), constraint.get(), problems.at(k)));
        }
    }

    // ---- Migration ----------------------------------------------------------------------------

    private static ParsedFile migration(MappingNode map, Place place, Problems problems) {
        Fields f = new Fields(map, "Migration", MIGRATION_KEYS, problems);
        String folder = place.component();
        f.string("component").ifPresent(c -> {
            if (!c.equals(folder)) {
                problems.error(f.value("component").orElseThrow(), "component '" + c + "' does not match the folder '"
                        + folder + "' this migration is in (" + problems.file() + ")");
            }
        });
        Position anchor = f.position();
        Optional<Version> version = Optional.empty();
        Optional<Node> versionNode = f.required("version", "a SemVer version equal to the file name, e.g. "
                + place.stem());
        if (versionNode.isPresent()) {
            anchor = problems.at(versionNode.get());
            Optional<String> text = f.asString(versionNode.get(), "version");
            if (text.isPresent()) {
                version = Version.tryParse(text.get());
                Optional<String> bound = version.isEmpty() ? Version.boundProblem(text.get()) : Optional.empty();
                if (bound.isPresent()) {
                    problems.error(versionNode.get(), "version '" + text.get() + "' is not usable: " + bound.get());
                } else if (version.isEmpty()) {
                    problems.error(versionNode.get(), "version '" + text.get() + "' is not a Semantic Versioning 2.0.0 "
                            + "version (expected MAJOR.MINOR.PATCH, e.g. 1.2.0 or 1.2.0-rc.1)");
                } else if (!text.get().equals(place.stem())) {
                    problems.error(versionNode.get(), "version '" + text.get() + "' does not match the file name '"
                            + place.stem() + ".yaml' (the file must be named " + text.get() + ".yaml)");
                }
            }
        }
        Optional<String> description = f.string("description");
        Optional<java.time.Duration> rto = f.positiveDuration("rto");
        List<TemplateUse> templates = new ArrayList<>();
        StepReader steps = new StepReader(problems, "components/" + folder + "/", templates);
        Map<String, Position> ids = new HashMap<>();
        List<Step> preflight = f.value("preflight").map(v -> steps.steps(v, "preflight", CHECK_ONLY, ids))
                .orElse(List.of());
        List<Step> up = List.of();
        Optional<Node> upNode = f.required("up", "a list of at least one step");
        if (upNode.isPresent()) {
            up = steps.steps(upNode.get(), "up", ALL_KINDS, ids);
            if (upNode.get() instanceof SequenceNode seq && seq.getValue().isEmpty()) {
                problems.error(upNode.get(), "'up' must have at least one step");
            }
        }
        List<Step> down = f.value("down").map(v -> steps.steps(v, "down", ALL_KINDS, ids)).orElse(List.of());
        if (f.value("down").orElse(null) instanceof SequenceNode seq && seq.getValue().isEmpty()) {
            problems.error(f.value("down").orElseThrow(), "'down' must have at least one step when present "
                    + "(leave it out to reverse 'up' step by step)");
        }
        List<Step> verify = f.value("verify").map(v -> steps.steps(v, "verify", CHECK_ONLY, ids)).orElse(List.of());
        if (f.has("down")) {
            for (Step s : up) {
                if (s instanceof dev.versiond.spec.model.SnapshotStep) {
                    problems.warning(s.position(), "snapshot step '" + s.id() + "' is restored by a rollback, but not by a "
                            + "downgrade: this migration has a 'down' section, and a downgrade runs it instead of the "
                            + "inverses of the 'up' steps");
                }
            }
        } else {
            for (Step s : up) {
                if (!s.hasInverse() && !s.common().irreversible()) {
                    problems.error(s.position(), "step '" + s.id() + "' has no inverse: give the run step a 'down:' "
                            + "command, mark it 'irreversible: true', or give the migration a 'down:' section");
                }
            }
        }
        if (version.isEmpty()) {
            return new ParsedFile(Optional.empty(), Optional.empty(), Optional.empty(), anchor, true, Map.of(), templates,
                    problems.diagnostics());
        }
        Migration migration = new Migration(folder, version.get(), description,
                preflight.stream().map(CheckStep.class::cast).toList(), up, down,
                verify.stream().map(CheckStep.class::cast).toList(), problems.file(), f.position(), rto);
        return new ParsedFile(Optional.empty(), Optional.of(migration), Optional.empty(), anchor, true, Map.of(), templates,
                problems.diagnostics());
    }

    // ---- Target -------------------------------------------------------------------------------

    private static ParsedFile target(MappingNode map, Place place, Problems problems) {
        Fields f = new Fields(map, "Target", TARGET_KEYS, problems);
        Optional<String> name = f.requiredString("name");
        name.ifPresent(n -> {
            if (!n.equals(place.stem())) {
                problems.error(f.value("name").orElseThrow(), "target name '" + n + "' must equal the file name '"
                        + place.stem() + "' (" + problems.file() + ")");
            } else if (!NAME.matcher(n).matches()) {
                problems.error(f.value("name").orElseThrow(), "target name '" + n + "' is not valid: expected "
                        + "lower-case letters, digits, '.', '_' and '-', starting with a letter or digit");
            }
        });
        int before = problems.errorCount();
        Selector selector = f.value("selector").flatMap(v -> selector(v, problems)).orElse(Selector.all());
        boolean selectorKnown = problems.errorCount() == before;
        Map<String, DesiredComponent> components = new LinkedHashMap<>();
        Map<Position, Position> versionPositions = new HashMap<>();
        f.required("components", "a mapping of component name to {version, config}")
                .ifPresent(v -> desiredComponents(v, problems, components, versionPositions));
        Optional<Rollout> rollout = f.value("rollout").flatMap(v -> rollout(v, problems));
        List<Window> windows = f.value("windows").map(v -> windows(v, problems)).orElse(List.of());
        boolean selfHeal = f.bool("selfHeal").orElse(false);
        Target target = new Target(place.stem(), selector, components, rollout, windows, selfHeal,
                problems.file(), f.position());
        return new ParsedFile(Optional.empty(), Optional.empty(), Optional.of(target),
                f.position(), selectorKnown, versionPositions, List.of(), problems.diagnostics());
    }

    private static Optional<Selector> selector(Node v, Problems problems) {
        Optional<Fields> read = Fields.of(v, "'selector'", SELECTOR_KEYS, problems);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        Fields f = read.get();
        List<String> hosts = f.value("hosts").flatMap(h -> f.stringList(h, "hosts")).orElse(List.of());
        f.value("hosts").ifPresent(h -> {
            if (h instanceof SequenceNode seq) {
                for (int i = 0; i < hosts.size() && i < seq.getValue().size(); i++) {
                    try {
                        FileSystems.getDefault().getPathMatcher("glob:" + hosts.get(i));
                    } catch (RuntimeException e) {
                        problems.error(seq.getValue().get(i), "host glob '" + hosts.get(i) + "' is not valid: "
                                + e.getMessage().replace('\n', ' '));
                    }
                }
            }
        });
        Map<String, String> labels = f.value("labels").flatMap(l -> f.stringMap(l, "labels")).orElse(Map.of());
        return Optional.of(new Selector(hosts, labels));
    }

    private static void desiredComponents(Node v, Problems problems, Map<String, DesiredComponent> out,
                                          Map<Position, Position> versionPositions) {
        if (!(v instanceof MappingNode map)) {
            problems.error(v, "'components' must be a mapping of component name to {version, config}, not "
                    + Fields.describe(v));
            return;
        }
        if (map.getValue().isEmpty()) {
            problems.error(v, "'components' must name at least one component");
            return;
        }
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k) || k.getTag().equals(Tag.NULL)) {
                problems.error(t.getKeyNode(), "keys of 'components' must be component names");
                continue;
            }
            String component = k.getValue();
            if (out.containsKey(component)) {
                problems.error(k, "duplicate key '" + component + "' in 'components'");
                continue;
            }
            Optional<Fields> read = Fields.of(t.getValueNode(), "component '" + component + "' of the Target",
                    DESIRED_KEYS, problems);
            if (read.isEmpty()) {
                continue;
            }
            Fields f = read.get();
            Optional<Version> version = f.required("version", "the version to run, e.g. 1.2.0")
                    .flatMap(n -> f.asString(n, "version").flatMap(text -> {
                        Optional<Version> parsed = Version.tryParse(text);
                        Optional<String> bound = parsed.isEmpty() ? Version.boundProblem(text) : Optional.empty();
                        if (bound.isPresent()) {
                            problems.error(n, "version '" + text + "' of component '" + component + "' is not usable: "
                                    + bound.get());
                        } else if (parsed.isEmpty()) {
                            problems.error(n, "version '" + text + "' of component '" + component + "' is not a "
                                    + "Semantic Versioning 2.0.0 version (expected e.g. 1.2.0)");
                        }
                        return parsed;
                    }));
            Map<String, Object> config = Map.of();
            if (f.has("config")) {
                Node c = f.value("config").orElseThrow();
                if (c instanceof MappingNode) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> values = (Map<String, Object>) plainValue(c, "config", problems);
                    config = values == null ? Map.of() : values;
                } else {
                    problems.error(c, "'config' of component '" + component + "' must be a mapping of values, not "
                            + Fields.describe(c));
                }
            }
            String written = version.map(Version::toString).orElse("");
            int plus = written.indexOf('+');
            if (plus >= 0) {
                problems.warning(problems.at(f.value("version").orElseThrow()), "version '" + written + "' of component '"
                        + component + "' has build metadata ('" + written.substring(plus) + "'), which does not count "
                        + "in SemVer precedence: it names the same version as " + written.substring(0, plus)
                        + ", whatever is written after '+'");
            }
            if (version.isPresent()) {
                out.put(component, new DesiredComponent(component, version.get(), config, problems.at(k)));
                versionPositions.put(problems.at(k), problems.at(f.value("version").orElseThrow()));
            }
        }
    }

    /** A free-form config value as plain Java: strings, numbers, booleans, lists and maps; null on error. */
    private static Object plainValue(Node n, String path, Problems problems) {
        if (n instanceof MappingNode map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (NodeTuple t : map.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode k) || k.getTag().equals(Tag.NULL)) {
                    problems.error(t.getKeyNode(), "keys in '" + path + "' must be strings");
                    continue;
                }
                if (out.containsKey(k.getValue())) {
                    problems.error(k, "duplicate key '" + k.getValue() + "' in '" + path + "'");
                    continue;
                }
                Object value = plainValue(t.getValueNode(), path + "." + k.getValue(), problems);
                if (value != null) {
                    out.put(k.getValue(), value);
                }
            }
            if (map.getValue().size() == 1 && SecretNames.isReference(out)) {
                return secretReference(map.getValue().get(0), out, path, problems);
            }
            return java.util.Collections.unmodifiableMap(out);
        }
        if (n instanceof SequenceNode seq) {
            List<Object> out = new ArrayList<>();
            for (Node item : seq.getValue()) {
                Object value = plainValue(item, path + "[]", problems);
                if (value != null) {
                    out.add(value);
                }
            }
            return java.util.Collections.unmodifiableList(out);
        }
        ScalarNode s = (ScalarNode) n;
        Tag tag = s.getTag();
        String text = s.getValue();
        if (tag.equals(Tag.NULL)) {
            problems.error(s, "config value '" + path + "' is empty: give a value (\"\" for an empty string)");
            return null;
        }
        if (tag.equals(Tag.BOOL)) {
            if (text.equals("true") || text.equals("false")) {
                return text.equals("true");
            }
            // SnakeYAML reads YAML 1.1, where yes/no/on/off (and True, TRUE) are booleans: a country
            // code NO would silently become false. Neither reading is safe to guess.
            problems.error(s, "config value '" + path + "' is '" + text + "', which YAML 1.1 reads as a boolean: "
                    + "for a boolean write true or false, for a string quote it (\"" + text + "\")");
            return null;
        }
        if (tag.equals(Tag.INT)) {
            try {
                BigInteger i = new BigInteger(text.replace("_", ""));
                return i.bitLength() < 63 ? (Object) i.longValue() : i;
            } catch (NumberFormatException e) {
                return text;
            }
        }
        if (tag.equals(Tag.FLOAT)) {
            try {
                return new BigDecimal(text.replace("_", ""));
            } catch (NumberFormatException e) {
                return text;
            }
        }
        return text;
    }

    /**
     * A secret reference whose name the agent will accept, or null: a bad name is reported here, where
     * it is written, rather than by the agent on each host when it resolves the reference.
     */
    private static Object secretReference(NodeTuple reference, Map<String, Object> value, String path,
                                          Problems problems) {
        String kind = ((ScalarNode) reference.getKeyNode()).getValue();
        Object name = value.get(kind);
        if (!(name instanceof String text)) {
            problems.error(reference.getValueNode(), "config value '" + path + "': the name of a " + kind
                    + " reference must be a string, not " + Fields.describe(reference.getValueNode()));
            return null;
        }
        Optional<String> problem = SecretNames.problem(kind, text);
        if (problem.isPresent()) {
            problems.error(reference.getValueNode(), "config value '" + path + "': " + kind + " '" + text
                    + "' is not usable: " + problem.get());
            return null;
        }
        return java.util.Collections.unmodifiableMap(value);
    }

    private static final java.util.regex.Pattern PERCENT = java.util.regex.Pattern.compile("([0-9]{1,3})%?");
    private static final java.util.regex.Pattern COUNT = java.util.regex.Pattern.compile("[0-9]+");

    private static Optional<Rollout> rollout(Node v, Problems problems) {
        Optional<Fields> read = Fields.of(v, "'rollout'", ROLLOUT_KEYS, problems);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        Fields f = read.get();
        List<Integer> waves = new ArrayList<>();
        Optional<Node> wavesNode = f.required("waves", "cumulative percentages ending at 100, e.g. [10, 50, 100]");
        if (wavesNode.isPresent()) {
            if (!(wavesNode.get() instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
                problems.error(wavesNode.get(), "'waves' must be a non-empty list of percentages ending at 100 "
                        + "(e.g. [10, 50, 100]), not " + Fields.describe(wavesNode.get()));
            } else {
                int previous = 0;
                boolean ok = true;
                for (Node item : seq.getValue()) {
                    Optional<Integer> w = f.asInteger(item, "a wave", 1, 100);
                    if (w.isEmpty()) {
                        ok = false;
                        continue;
                    }
                    if (w.get() <= previous) {
                        problems.error(item, "waves must be strictly increasing: " + w.get() + " follows " + previous);
                        ok = false;
                    }
                    previous = Math.max(previous, w.get());
                    waves.add(w.get());
                }
                if (ok && waves.get(waves.size() - 1) != 100) {
                    problems.error(seq.getValue().get(seq.getValue().size() - 1), "the last wave must be 100 (every "
                            + "host), not " + waves.get(waves.size() - 1));
                }
            }
        }
        Duration bake = f.duration("bake").orElse(Defaults.ROLLOUT_BAKE);
        return Optional.of(new Rollout(waves, bake, gate(f, problems), f.position()));
    }

    /** The health gate, present when any of its keys is given. */
    private static Optional<RolloutGate> gate(Fields f, Problems problems) {
        if (!f.has("minHealthy") && !f.has("errorBudget") && !f.has("minReporters") && !f.has("analysis")) {
            return Optional.empty();
        }
        int minHealthy = f.value("minHealthy").flatMap(v -> percent(v, "minHealthy", problems))
                .orElse(RolloutGate.DEFAULT_MIN_HEALTHY_PERCENT);
        RolloutGate.ErrorBudget budget = f.value("errorBudget").flatMap(v -> errorBudget(f, v, problems))
                .orElse(RolloutGate.ErrorBudget.NONE);
        int minReporters = f.integer("minReporters", 0, 1_000_000).orElse(RolloutGate.DEFAULT_MIN_REPORTERS);
        List<Probe.Prometheus> analysis = f.value("analysis").map(v -> analysis(v, problems)).orElse(List.of());
        return Optional.of(new RolloutGate(minHealthy, budget, minReporters, analysis));
    }

    /** The gate's {@code analysis}: a list of PromQL probes ({@code prometheus}, {@code query}, a threshold). */
    private static List<Probe.Prometheus> analysis(Node v, Problems problems) {
        if (!(v instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            problems.error(v, "'analysis' in 'rollout' must be a non-empty list of {prometheus, query, below|above|"
                    + "atMost|atLeast}, not " + Fields.describe(v));
            return List.of();
        }
        List<Probe.Prometheus> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            Fields.of(item, "an 'analysis' query", StepReader.PROMETHEUS_KEYS, problems)
                    .flatMap(f -> StepReader.prometheus(f, "an 'analysis' query", problems))
                    .ifPresent(out::add);
        }
        return out;
    }

    /** {@code 90%} (or a bare {@code 90}) as a percentage 0–100. */
    private static Optional<Integer> percent(Node v, String key, Problems problems) {
        String text = v instanceof ScalarNode s ? s.getValue().strip() : "";
        java.util.regex.Matcher m = PERCENT.matcher(text);
        if (m.matches() && Integer.parseInt(m.group(1)) <= 100) {
            return Optional.of(Integer.parseInt(m.group(1)));
        }
        problems.error(v, "'" + key + "' must be a percentage from 0% to 100% (e.g. 90%), not " + Fields.describe(v));
        return Optional.empty();
    }

    /** {@code 5%} (a share of the reporting hosts) or {@code 3} (a count of hosts). */
    private static Optional<RolloutGate.ErrorBudget> errorBudget(Fields f, Node v, Problems problems) {
        String text = v instanceof ScalarNode s ? s.getValue().strip() : "";
        if (text.endsWith("%")) {
            return percent(v, "errorBudget", problems).map(p -> new RolloutGate.ErrorBudget(p, true));
        }
        if (COUNT.matcher(text).matches() && text.length() <= 7) {
            return Optional.of(new RolloutGate.ErrorBudget(Integer.parseInt(text), false));
        }
        problems.error(v, "'errorBudget' must be a percentage of the reporting hosts (e.g. 5%) or a count of hosts "
                + "(e.g. 3), not " + Fields.describe(v));
        return Optional.empty();
    }

    private static List<Window> windows(Node v, Problems problems) {
        if (!(v instanceof SequenceNode seq)) {
            problems.error(v, "'windows' must be a list of {cron, duration, timezone}, not " + Fields.describe(v));
            return List.of();
        }
        List<Window> out = new ArrayList<>();
        for (Node item : seq.getValue()) {
            Optional<Fields> read = Fields.of(item, "a window", WINDOW_KEYS, problems);
            if (read.isEmpty()) {
                continue;
            }
            Fields f = read.get();
            Optional<String> cron = f.requiredString("cron");
            if (cron.isPresent()) {
                String problem = Window.cronProblem(cron.get());
                if (problem != null) {
                    problems.error(f.value("cron").orElseThrow(), problem);
                    cron = Optional.empty();
                }
            }
            Optional<Duration> duration = f.required("duration", "how long the window stays open, e.g. 2h")
                    .flatMap(n -> f.duration("duration"));
            if (duration.isPresent() && duration.get().isZero()) {
                problems.error(f.value("duration").orElseThrow(), "'duration' of a window must be longer than 0");
                duration = Optional.empty();
            }
            ZoneId zone = ZoneId.of("UTC");
            boolean zoneOk = true;
            Optional<String> tz = f.string("timezone");
            if (tz.isPresent()) {
                try {
                    zone = ZoneId.of(tz.get());
                } catch (DateTimeException e) {
                    problems.error(f.value("timezone").orElseThrow(), "timezone '" + tz.get() + "' is not a time zone "
                            + "id (expected e.g. UTC, Europe/Berlin, America/New_York)");
                    zoneOk = false;
                }
            } else if (f.has("timezone")) {
                zoneOk = false;
            }
            if (cron.isPresent() && zoneOk && !Window.firesEver(cron.get(), zone)) {
                problems.warning(problems.at(f.value("cron").orElseThrow()), "cron '" + cron.get() + "' never fires "
                        + "(no date matches it, e.g. February 31): this window never opens, so hosts of the target "
                        + "plan but never apply");
            }
            if (cron.isPresent() && duration.isPresent() && zoneOk) {
                out.add(new Window(cron.get(), duration.get(), zone, f.position()));
            }
        }
        return out;
    }

    /** Replaces placeholder template texts in file steps; {@code texts} maps template paths to their text. */
    static List<Step> withTemplateTexts(List<Step> steps, Map<String, String> texts) {
        if (steps.stream().noneMatch(s -> s instanceof FileStep f && f.template().isPresent()
                || s instanceof SqlStep q && q.file().isPresent())) {
            return steps;
        }
        List<Step> out = new ArrayList<>(steps.size());
        for (Step s : steps) {
            if (s instanceof FileStep file && file.template().isPresent()) {
                String p = file.template().get().path();
                out.add(new FileStep(file.common(), file.path(), file.content(),
                        Optional.of(new dev.versiond.spec.model.TemplateRef(p, texts.getOrDefault(p, ""))), file.mode(),
                        file.vars()));
            } else if (s instanceof SqlStep sql && sql.file().isPresent()) {
                out.add(new SqlStep(sql.common(), sql.database(), sql.engine(),
                        texts.getOrDefault(sql.file().get(), ""), sql.file(), sql.down(), sql.probe()));
            } else {
                out.add(s);
            }
        }
        return out;
    }

}
