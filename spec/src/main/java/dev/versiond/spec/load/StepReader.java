package dev.versiond.spec.load;

import dev.versiond.spec.model.CheckStep;
import dev.versiond.spec.model.Command;
import dev.versiond.spec.model.Defaults;
import dev.versiond.spec.model.FileStep;
import dev.versiond.spec.model.LinkStep;
import dev.versiond.spec.model.Position;
import dev.versiond.spec.model.Probe;
import dev.versiond.spec.model.RunStep;
import dev.versiond.spec.model.ServiceAction;
import dev.versiond.spec.model.ServiceStep;
import dev.versiond.spec.model.SnapshotStep;
import dev.versiond.spec.model.Step;
import dev.versiond.spec.model.StepCommon;
import dev.versiond.spec.model.TemplateRef;
import dev.versiond.spec.validate.HostPaths;
import dev.versiond.spec.validate.Suggestions;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads lists of steps (migration sections, a component's config files and onChange). File steps
 * get a placeholder template text; the loader fills it in once the template has been read.
 */
final class StepReader {
    static final List<String> KINDS = List.of("run", "file", "link", "service", "check", "snapshot");
    /** The kinds a config section's onChange may hold: a snapshot there would have nothing to restore it. */
    static final List<String> ON_CHANGE_KINDS = List.of("run", "file", "link", "service", "check");
    static final Set<String> STEP_KEYS = Set.of("id", "description", "timeout", "retries", "irreversible",
            "run", "file", "link", "service", "check", "snapshot");
    private static final Set<String> RUN_KEYS = Set.of("argv", "command", "shell", "env", "cwd", "creates", "unless",
            "down", "idempotent");
    private static final Set<String> COMMAND_KEYS = Set.of("argv", "command", "shell", "env", "cwd");
    private static final Set<String> FILE_KEYS = Set.of("path", "content", "template", "mode");
    private static final Set<String> LINK_KEYS = Set.of("path", "target");
    private static final Set<String> SERVICE_KEYS = Set.of("unit", "action");
    private static final Set<String> CHECK_KEYS = Set.of("http", "tcp", "command", "status", "interval", "deadline");
    private static final Set<String> SNAPSHOT_KEYS = Set.of("paths", "sqlite", "postgres", "mariadb", "keep", "maxSize");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*(B|KiB|MiB|GiB|TiB|KB|MB|GB|TB)?");
    private static final Pattern MODE = Pattern.compile("0?[0-7]{3}|[0-7]{4}");
    private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9:_.@\\\\-]+");
    private static final List<String> ACTIONS = Arrays.stream(ServiceAction.values()).map(ServiceAction::word).toList();

    private final Problems problems;
    private final String componentDir;
    private final List<TemplateUse> templates;

    /**
     * @param componentDir {@code components/<name>/}, the folder template paths are relative to
     * @param templates receives every template a file step names
     */
    StepReader(Problems problems, String componentDir, List<TemplateUse> templates) {
        this.problems = problems;
        this.componentDir = componentDir;
        this.templates = templates;
    }

    /**
     * Reads one list of steps.
     *
     * @param section how the list is named in messages ("up", "config.files")
     * @param kinds the step kinds the section allows
     * @param ids the id space the section shares with others: id → where it was first declared
     */
    List<Step> steps(Node list, String section, List<String> kinds, Map<String, Position> ids) {
        if (!(list instanceof SequenceNode seq)) {
            problems.error(list, "'" + section + "' must be a list of steps (each item '- id: ...'), not "
                    + Fields.describe(list));
            return List.of();
        }
        List<Step> out = new ArrayList<>(seq.getValue().size());
        for (Node item : seq.getValue()) {
            step(item, section, kinds, ids).ifPresent(out::add);
        }
        return out;
    }

    private Optional<Step> step(Node item, String section, List<String> kinds, Map<String, Position> ids) {
        String name = "a step of '" + section + "'";
        if (item instanceof MappingNode map) {
            // Named by its id from the start, so that every message about the step can say which one.
            for (var t : map.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("id")
                        && t.getValueNode() instanceof ScalarNode v && !v.getTag().equals(Tag.NULL)) {
                    name = "step '" + v.getValue() + "'";
                }
            }
        }
        Optional<Fields> read = Fields.of(item, name, STEP_KEYS, problems);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        Fields f = read.get();
        Optional<String> id = f.requiredString("id");
        boolean ok = id.isPresent();
        if (id.isPresent()) {
            Node idNode = f.value("id").orElseThrow();
            if (!StepCommon.ID.matcher(id.get()).matches()) {
                problems.error(idNode, "step id '" + id.get() + "' is not valid: expected lower-case letters, digits, "
                        + "'.', '_' and '-', starting with a letter or digit");
                ok = false;
            } else {
                Position first = ids.putIfAbsent(id.get(), problems.at(idNode));
                if (first != null) {
                    problems.error(idNode, "duplicate step id '" + id.get() + "' (first declared at line " + first.line()
                            + "); ids must be unique within the migration (or the component's config)");
                    ok = false;
                }
            }
        }
        Optional<String> description = f.string("description");
        Optional<Duration> timeout = f.positiveDuration("timeout");
        ok &= f.has("timeout") == timeout.isPresent();
        Optional<Integer> retries = f.integer("retries", 0, 100);
        ok &= f.has("retries") == retries.isPresent();
        Optional<Boolean> irreversible = f.bool("irreversible");
        ok &= f.has("irreversible") == irreversible.isPresent();

        List<String> present = f.keysAmong(KINDS);

        if (present.isEmpty()) {
            problems.error(f.node(), name + " has no kind: expected exactly one of " + String.join(", ", kinds));
            return Optional.empty();
        }
        if (present.size() > 1) {
            problems.error(f.keyNode(present.get(1)).orElseThrow(), name + " has more than one kind ("
                    + String.join(", ", present) + "): expected exactly one of " + String.join(", ", kinds));
            return Optional.empty();
        }
        String kind = present.get(0);
        if (!kinds.contains(kind)) {
            problems.error(f.keyNode(kind).orElseThrow(), "'" + section + "' may only contain "
                    + String.join(" or ", kinds) + " steps, but " + name + " is a " + kind + " step");
            return Optional.empty();
        }
        if (!ok) {
            return Optional.empty();
        }
        StepCommon common = new StepCommon(id.get(), description, timeout, retries.orElse(Defaults.RETRIES),
                irreversible.orElse(false), f.position());
        Node body = f.value(kind).orElseThrow();
        try {
            return switch (kind) {
                case "run" -> run(common, body, name);
                case "file" -> file(common, body, name);
                case "link" -> link(common, body, name);
                case "service" -> service(common, body, name);
                case "snapshot" -> snapshot(common, body, name);
                default -> check(common, body, name);
            };
        } catch (IllegalArgumentException e) {
            problems.error(body, name + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    // ---- run ----------------------------------------------------------------------------------

    private Optional<Step> run(StepCommon common, Node body, String name) {
        Optional<Fields> read = Fields.of(body, "'run' of " + name, RUN_KEYS, problems);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        Fields f = read.get();
        Optional<Command> command = command(f, "'run' of " + name);
        Optional<String> creates = f.hostPath("creates");
        Optional<Command> unless = f.value("unless").flatMap(v -> commandValue(v, "'unless' of " + name));
        Optional<Command> down = f.value("down").flatMap(v -> commandValue(v, "'down' of " + name));
        Optional<Boolean> idempotent = f.bool("idempotent");
        boolean ok = command.isPresent() && f.has("creates") == creates.isPresent()
                && f.has("unless") == unless.isPresent() && f.has("down") == down.isPresent()
                && f.has("idempotent") == idempotent.isPresent();
        if (!ok) {
            return Optional.empty();
        }
        RunStep step = new RunStep(common, command.get(), creates, unless, down, idempotent.orElse(false));
        if (!step.isSafeToRepeat()) {
            problems.warning(common.position(), name + " runs a command with no guard: it may run again after a crash or "
                    + "retry; add 'creates:' or 'unless:', or declare 'idempotent: true'");
        }
        return Optional.of(step);
    }

    /** A command given inline as argv/command + shell/env/cwd keys of {@code f}. */
    private Optional<Command> command(Fields f, String where) {
        boolean hasArgv = f.has("argv");
        boolean hasCommand = f.has("command");
        Optional<Boolean> shell = f.bool("shell");
        boolean ok = f.has("shell") == shell.isPresent();
        boolean isShell = shell.orElse(false);
        Optional<List<String>> argv = Optional.empty();
        if (hasArgv && hasCommand) {
            problems.error(f.keyNode("command").orElseThrow(), where + " has both 'argv' and 'command': "
                    + "give argv (a list), or command (a string) with 'shell: true'");
            return Optional.empty();
        }
        if (hasArgv) {
            Node v = f.value("argv").orElseThrow();
            argv = f.stringList(v, "argv");
            if (argv.isPresent() && argv.get().isEmpty()) {
                problems.error(v, "'argv' in " + where + " must not be empty: give the program and its arguments");
                argv = Optional.empty();
            }
            if (argv.isPresent() && !withoutNul(v, "'argv' in " + where)) {
                argv = Optional.empty();
            }
            if (isShell) {
                problems.error(f.keyNode("shell").orElseThrow(), where + " has 'shell: true' with 'argv': "
                        + "a shell script is given as 'command' (one string); without a shell use 'argv' alone");
                ok = false;
            }
        } else if (hasCommand) {
            Node v = f.value("command").orElseThrow();
            Optional<String> script = f.asString(v, "command");
            if (!isShell && ok) { // a 'shell' that could not be read is reported once, above
                problems.error(f.keyNode("command").orElseThrow(), "'command' in " + where
                        + " requires 'shell: true' (it runs through /bin/sh -c); without a shell use 'argv' (a list)");
                ok = false;
            } else if (script.isPresent() && script.get().isBlank()) {
                problems.error(v, "'command' in " + where + " must not be empty");
                ok = false;
            }
            if (script.isPresent() && !withoutNul(v, "'command' in " + where)) {
                ok = false;
            }
            argv = script.map(List::of);
        } else {
            problems.error(f.node(), where + " has no command: expected 'argv' (a list) or 'command' (a string, "
                    + "with 'shell: true')");
            return Optional.empty();
        }
        Optional<Map<String, String>> env = f.value("env").flatMap(v -> f.stringMap(v, "env"))
                .filter(e -> environmentUsable((MappingNode) f.value("env").orElseThrow(), where));
        Optional<String> cwd = f.hostPath("cwd");
        ok &= f.has("env") == env.isPresent() && f.has("cwd") == cwd.isPresent();
        if (!ok || argv.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Command(argv.get(), isShell, env.orElse(Map.of()), cwd));
    }

    /**
     * Whether the strings of a scalar or a list of scalars hold no NUL, reporting each that does:
     * a program's arguments are C strings, so a NUL would cut one short (Java refuses to start it).
     */
    private boolean withoutNul(Node v, String what) {
        List<Node> items = v instanceof SequenceNode seq ? seq.getValue() : List.of(v);
        boolean ok = true;
        for (Node item : items) {
            if (item instanceof ScalarNode s && s.getValue().indexOf('\0') >= 0) {
                problems.error(item, what + " must not contain a NUL character (a program's arguments cannot hold one)");
                ok = false;
            }
        }
        return ok;
    }

    /**
     * Whether an {@code env} mapping (already read as strings) can be handed to a process: a name
     * must be non-empty without '=' or NUL (the environment is "NAME=value" C strings), a value without NUL.
     */
    private boolean environmentUsable(MappingNode env, String where) {
        boolean ok = true;
        for (NodeTuple t : env.getValue()) {
            String name = ((ScalarNode) t.getKeyNode()).getValue();
            String value = ((ScalarNode) t.getValueNode()).getValue();
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
                problems.error(t.getKeyNode(), "environment variable name '" + name + "' in 'env' of " + where
                        + " is not usable: a name must not be empty or contain '=' or a NUL character");
                ok = false;
            }
            if (value.indexOf('\0') >= 0) {
                problems.error(t.getValueNode(), "value of '" + name + "' in 'env' of " + where
                        + " must not contain a NUL character (a process's environment cannot hold one)");
                ok = false;
            }
        }
        return ok;
    }

    /** A command written as an argv list, or as a map {argv|command, shell, env, cwd}. */
    private Optional<Command> commandValue(Node v, String where) {
        if (v instanceof SequenceNode) {
            return Fields.strings(v, where, problems).flatMap(argv -> {
                if (argv.isEmpty()) {
                    problems.error(v, where + " must not be an empty list: give the program and its arguments");
                    return Optional.empty();
                }
                if (!withoutNul(v, where)) {
                    return Optional.empty();
                }
                return Optional.of(new Command(argv, false, Map.of(), Optional.empty()));
            });
        }
        if (v instanceof MappingNode) {
            return Fields.of(v, where, COMMAND_KEYS, problems).flatMap(f -> command(f, where));
        }
        problems.error(v, where + " must be an argv list (e.g. [rm, -rf, /opt/x]) or a mapping with 'argv' or "
                + "'command' + 'shell: true', not " + Fields.describe(v));
        return Optional.empty();
    }

    // ---- file ---------------------------------------------------------------------------------

    private Optional<Step> file(StepCommon common, Node body, String name) {
        Optional<Fields> read = Fields.of(body, "'file' of " + name, FILE_KEYS, problems);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        Fields f = read.get();
        Optional<String> path = f.required("path", "an absolute host path").flatMap(v -> f.asHostPath(v, "path"));
        Optional<String> content = f.string("content");
        Optional<TemplateRef> template = f.value("template").flatMap(this::template);
        boolean ok = path.isPresent() && f.has("content") == content.isPresent()
                && f.has("template") == template.isPresent();
        if (f.has("content") && f.has("template")) {
            problems.error(f.keyNode("template").orElseThrow(), "'file' of " + name
                    + " has both 'content' and 'template': give exactly one");
            ok = false;
        } else if (!f.has("content") && !f.has("template")) {
            problems.error(f.node(), "'file' of " + name + " needs 'content' (a string) or 'template' "
                    + "(a path relative to " + componentDir + ")");
            ok = false;
        }
        int mode = Defaults.FILE_MODE;
        if (f.has("mode")) {
            Node m = f.value("mode").orElseThrow();
            Optional<String> text = f.strictString(m, "mode", " of octal digits in quotes, e.g. \"0644\" "
                    + "(unquoted, YAML reads it as a number)");
            if (text.isEmpty()) {
                ok = false;
            } else if (!MODE.matcher(text.get()).matches()) {
                problems.error(m, "'mode' in 'file' of " + name + " is '" + text.get()
                        + "', not an octal file mode: expected e.g. \"0644\" or \"0755\"");
                ok = false;
            } else {
                mode = Integer.parseInt(text.get(), 8);
            }
        }
        if (!ok) {
            return Optional.empty();
        }
        return Optional.of(new FileStep(common, path.get(), content, template, mode));
    }

    private Optional<TemplateRef> template(Node v) {
        Optional<String> rel = v instanceof ScalarNode s && !s.getTag().equals(Tag.NULL) ? Optional.of(s.getValue())
                : Optional.empty();
        if (rel.isEmpty()) {
            problems.error(v, "'template' must be a path relative to " + componentDir + ", not " + Fields.describe(v));
            return Optional.empty();
        }
        String p = rel.get();
        boolean bad = p.isEmpty() || p.startsWith("/") || p.contains("\\") || p.endsWith("/");
        for (int start = 0, end; !bad && start <= p.length(); start = end + 1) {
            end = p.indexOf('/', start);
            if (end < 0) {
                end = p.length();
            }
            int length = end - start;
            bad = length == 0 || length <= 2 && p.charAt(start) == '.' && p.charAt(end - 1) == '.';
        }
        if (bad) {
            problems.error(v, "template path '" + p + "' must be relative to " + componentDir
                    + " and stay inside it (no leading '/', no '..' or '.' segments)");
            return Optional.empty();
        }
        String full = componentDir + p;
        templates.add(new TemplateUse(full, problems.at(v)));
        return Optional.of(new TemplateRef(full, ""));
    }

    // ---- link, service ------------------------------------------------------------------------

    private Optional<Step> link(StepCommon common, Node body, String name) {
        Optional<Fields> read = Fields.of(body, "'link' of " + name, LINK_KEYS, problems);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        Fields f = read.get();
        Optional<String> path = f.required("path", "an absolute host path").flatMap(v -> f.asHostPath(v, "path"));
        Optional<String> target = f.requiredString("target");
        if (target.isPresent() && target.get().isEmpty()) {
            problems.error(f.value("target").orElseThrow(), "'target' in 'link' of " + name + " must not be empty");
            return Optional.empty();
        }
        int control = target.map(HostPaths::firstControlCharacter).orElse(-1);
        if (control >= 0) {
            problems.error(f.value("target").orElseThrow(), "'target' in 'link' of " + name + " must not contain "
                    + "control characters (" + HostPaths.describeControl(target.get(), control) + ")");
            return Optional.empty();
        }
        if (path.isEmpty() || target.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new LinkStep(common, path.get(), target.get()));
    }

    private Optional<Step> service(StepCommon common, Node body, String name) {
        Optional<Fields> read = Fields.of(body, "'service' of " + name, SERVICE_KEYS, problems);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        Fields f = read.get();
        Optional<String> unit = f.requiredString("unit");
        if (unit.isPresent() && (!UNIT.matcher(unit.get()).matches() || unit.get().startsWith("-"))) {
            problems.error(f.value("unit").orElseThrow(), "'unit' in 'service' of " + name + " is '" + unit.get()
                    + "', not a systemd unit name (e.g. nginx.service)");
            unit = Optional.empty();
        }
        Optional<ServiceAction> action = f.requiredString("action").flatMap(a -> {
            Optional<ServiceAction> parsed = ServiceAction.fromWord(a);
            if (parsed.isEmpty()) {
                problems.error(f.value("action").orElseThrow(), "'action' in 'service' of " + name + " is '" + a
                        + "'" + Suggestions.didYouMean(a, ACTIONS) + ": expected one of " + String.join(", ", ACTIONS));
            }
            return parsed;
        });
        if (unit.isEmpty() || action.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ServiceStep(common, unit.get(), action.get()));
    }

    // ---- snapshot -----------------------------------------------------------------------------

    private Optional<Step> snapshot(StepCommon common, Node body, String name) {
        String where = "'snapshot' of " + name;
        Optional<Fields> read = Fields.of(body, where, SNAPSHOT_KEYS, problems);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        Fields f = read.get();
        boolean ok = true;
        List<String> paths = new ArrayList<>();
        if (f.has("paths")) {
            Optional<List<String>> list = hostPaths(f, "paths", where);
            ok &= list.isPresent();
            list.ifPresent(paths::addAll);
        }
        List<SnapshotStep.Database> databases = new ArrayList<>();
        if (f.has("sqlite")) {
            Optional<List<String>> list = hostPaths(f, "sqlite", where);
            ok &= list.isPresent();
            list.ifPresent(l -> l.forEach(p -> databases.add(new SnapshotStep.Database(SnapshotStep.Engine.SQLITE, p))));
        }
        for (SnapshotStep.Engine engine : List.of(SnapshotStep.Engine.POSTGRES, SnapshotStep.Engine.MARIADB)) {
            if (!f.has(engine.word())) {
                continue;
            }
            Node v = f.value(engine.word()).orElseThrow();
            Optional<List<String>> urls = f.stringList(v, engine.word());
            ok &= urls.isPresent();
            List<Node> items = v instanceof SequenceNode seq ? seq.getValue() : List.of();
            for (int i = 0; urls.isPresent() && i < urls.get().size(); i++) {
                Optional<String> problem = databaseUrlProblem(engine, urls.get().get(i));
                if (problem.isPresent()) {
                    problems.error(items.get(i), "'" + engine.word() + "' in " + where + ": " + problem.get());
                    ok = false;
                } else {
                    databases.add(new SnapshotStep.Database(engine, urls.get().get(i)));
                }
            }
        }
        Optional<Integer> keep = f.integer("keep", 1, 1000);
        ok &= f.has("keep") == keep.isPresent();
        Optional<Long> maxSize = Optional.empty();
        if (f.has("maxSize")) {
            Node v = f.value("maxSize").orElseThrow();
            maxSize = f.asString(v, "maxSize").flatMap(text -> size(text, v, where));
            ok &= maxSize.isPresent();
        }
        if (ok && paths.isEmpty() && databases.isEmpty()) {
            problems.error(f.node(), where + " captures nothing: give 'paths' (host paths) or a database "
                    + "('sqlite', 'postgres', 'mariadb')");
            ok = false;
        }
        if (!ok) {
            return Optional.empty();
        }
        return Optional.of(new SnapshotStep(common, paths, databases, keep.orElse(Defaults.SNAPSHOT_KEEP), maxSize));
    }

    /** A non-empty list of absolute, normalised host paths, each reported where it is written. */
    private Optional<List<String>> hostPaths(Fields f, String key, String where) {
        Node v = f.value(key).orElseThrow();
        Optional<List<String>> list = f.stringList(v, key);
        if (list.isEmpty()) {
            return Optional.empty();
        }
        if (list.get().isEmpty()) {
            problems.error(v, "'" + key + "' in " + where + " must not be empty: leave it out, or name a host path");
            return Optional.empty();
        }
        boolean ok = true;
        List<Node> items = ((SequenceNode) v).getValue();
        for (int i = 0; i < items.size(); i++) {
            Optional<String> problem = HostPaths.problem(list.get().get(i));
            if (problem.isPresent()) {
                problems.error(items.get(i), "'" + key + "' in " + where + ": " + problem.get());
                ok = false;
            } else if (list.get().get(i).equals("/")) {
                problems.error(items.get(i), "'" + key + "' in " + where + " names '/': a snapshot captures a "
                        + "data or config directory, not the whole host");
                ok = false;
            }
        }
        return ok ? list : Optional.empty();
    }

    /** Why a PostgreSQL or MariaDB URL cannot be dumped from, or empty. */
    static Optional<String> databaseUrlProblem(SnapshotStep.Engine engine, String url) {
        String scheme = engine == SnapshotStep.Engine.POSTGRES ? "postgresql://" : "mariadb://";
        if (!url.startsWith(scheme) && !(engine == SnapshotStep.Engine.POSTGRES && url.startsWith("postgres://"))) {
            return Optional.of("'" + url + "' must be a URL " + scheme + "user@host:port/database");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("'" + url + "' is not a URL: " + e.getReason());
        }
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            return Optional.of("'" + url + "' needs a host and a database, e.g. " + scheme + "app@127.0.0.1/app");
        }
        if (uri.getRawUserInfo() != null && uri.getRawUserInfo().contains(":")) {
            return Optional.of("the URL must not hold a password (it would be stored with the step): the tools read "
                    + "it from ~/.pgpass or ~/.my.cnf of the agent's user");
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            return Optional.of("'" + url + "' must not have a query or fragment");
        }
        return Optional.empty();
    }

    private Optional<Long> size(String text, Node at, String where) {
        java.util.regex.Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            problems.error(at, "'maxSize' in " + where + " is '" + text + "', not a size: expected e.g. 500MiB, 2GiB "
                    + "or a number of bytes");
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        long unit = switch (m.group(2) == null ? "B" : m.group(2)) {
            case "KiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            case "TiB" -> 1L << 40;
            case "KB" -> 1000L;
            case "MB" -> 1000_000L;
            case "GB" -> 1000_000_000L;
            case "TB" -> 1000_000_000_000L;
            default -> 1L;
        };
        if (n < 1 || n > Long.MAX_VALUE / unit) {
            problems.error(at, "'maxSize' in " + where + " must be more than 0 bytes and less than 8 EiB");
            return Optional.empty();
        }
        return Optional.of(n * unit);
    }

    // ---- check --------------------------------------------------------------------------------

    private Optional<Step> check(StepCommon common, Node body, String name) {
        String where = "'check' of " + name;
        Optional<Fields> read = Fields.of(body, where, CHECK_KEYS, problems);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        Fields f = read.get();
        List<String> probes = List.of("http", "tcp", "command").stream().filter(f::has).toList();
        Optional<Duration> interval = f.positiveDuration("interval");
        Optional<Duration> deadline = f.positiveDuration("deadline");
        boolean ok = f.has("interval") == interval.isPresent() && f.has("deadline") == deadline.isPresent();
        Optional<Integer> status = f.integer("status", 100, 599);
        ok &= f.has("status") == status.isPresent();
        if (probes.size() != 1) {
            problems.error(probes.isEmpty() ? f.node() : f.keyNode(probes.get(1)).orElseThrow(), where
                    + " needs exactly one of 'http' (a URL), 'tcp' (\"host:port\") or 'command' (an argv list)"
                    + (probes.isEmpty() ? "" : ", found " + String.join(" and ", probes)));
            return Optional.empty();
        }
        if (f.has("status") && !probes.get(0).equals("http")) {
            problems.error(f.keyNode("status").orElseThrow(), "'status' in " + where + " applies only to 'http' checks");
            ok = false;
        }
        Optional<Probe> probe = switch (probes.get(0)) {
            case "http" -> f.string("http").flatMap(url -> http(url, f.value("http").orElseThrow(), where,
                    status.orElse(Defaults.CHECK_HTTP_STATUS)));
            case "tcp" -> f.string("tcp").flatMap(hp -> tcp(hp, f.value("tcp").orElseThrow(), where));
            default -> commandValue(f.value("command").orElseThrow(), "'command' of " + where).map(Probe.Exec::new);
        };
        if (!ok || probe.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CheckStep(common, probe.get(), interval.orElse(Defaults.CHECK_INTERVAL),
                deadline.orElse(Defaults.CHECK_DEADLINE)));
    }

    private Optional<Probe> http(String url, Node at, String where, int status) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                    || uri.getHost().isEmpty()) {
                problems.error(at, "'http' in " + where + " is '" + url + "': expected an http:// or https:// URL with "
                        + "a host, e.g. http://127.0.0.1:8080/healthz");
                return Optional.empty();
            }
        } catch (URISyntaxException e) {
            problems.error(at, "'http' in " + where + " is '" + url + "', not a URL: " + e.getReason());
            return Optional.empty();
        }
        return Optional.of(new Probe.Http(url, status));
    }

    private Optional<Probe> tcp(String hostPort, Node at, String where) {
        int colon = hostPort.lastIndexOf(':');
        String host = colon > 0 ? hostPort.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        String port = colon >= 0 ? hostPort.substring(colon + 1) : "";
        int p = -1;
        if (port.matches("\\d{1,5}")) {
            p = Integer.parseInt(port);
        }
        if (host.isEmpty() || host.contains(" ") || p < 1 || p > 65535) {
            problems.error(at, "'tcp' in " + where + " is '" + hostPort + "': expected \"host:port\" with a port from "
                    + "1 to 65535, e.g. \"127.0.0.1:8080\"");
            return Optional.empty();
        }
        return Optional.of(new Probe.Tcp(host, p));
    }
}
