package dev.versiond.spec.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a step back from its canonical JSON ({@link Checksums#canonicalJson}), as recorded on a host
 * when it was applied — so a version can be reversed after its file is gone from Git. Positions
 * and descriptions are not part of the canonical form; a decoded step points at {@code origin}.
 *
 * <p>Read with Jackson's streaming parser into maps and lists, like {@link Checksums} writes it.
 */
public final class StepCodec {
    private static final JsonFactory JSON = new JsonFactory();

    private StepCodec() {
    }

    /**
     * @param origin names where the definition came from, for messages (e.g. "recorded cms 1.1.0")
     * @throws IllegalArgumentException when the JSON is not a canonical step
     */
    public static Step decode(String canonicalJson, String origin) {
        Map<String, Object> root = object(parse(canonicalJson, origin));
        String kind = text(root, "kind");
        StepCommon common = new StepCommon(text(root, "id"), Optional.empty(),
                optionalText(root, "timeout").map(Duration::parse), integer(root, "retries", 0),
                bool(root, "irreversible"), Position.startOf(origin));
        Map<String, Object> d = object(root.get(kind));
        return switch (kind) {
            case "run" -> new RunStep(common, command(d), optionalText(d, "creates"),
                    d.containsKey("unless") ? Optional.of(command(object(d.get("unless")))) : Optional.empty(),
                    d.containsKey("down") ? Optional.of(command(object(d.get("down")))) : Optional.empty(),
                    bool(d, "idempotent"));
            case "file" -> new FileStep(common, text(d, "path"), optionalText(d, "content"),
                    optionalText(d, "template").map(t -> new TemplateRef(origin, t)),
                    Integer.parseInt(text(d, "mode"), 8), stringMap(d, "vars"));
            case "link" -> new LinkStep(common, text(d, "path"), text(d, "target"));
            case "service" -> new ServiceStep(common, text(d, "unit"), ServiceAction.fromWord(text(d, "action"))
                    .orElseThrow(() -> new IllegalArgumentException("unknown service action in " + origin)));
            case "check" -> new CheckStep(common, probe(d), Duration.parse(text(d, "interval")),
                    Duration.parse(text(d, "deadline")));
            case "snapshot" -> snapshot(common, d);
            case "sql" -> new SqlStep(common, text(d, "database"),
                    optionalText(d, "engine").flatMap(SqlEngine::fromWord), text(d, "up"), Optional.empty(),
                    optionalText(d, "down"), optionalText(d, "probe"));
            default -> throw new IllegalArgumentException("unknown step kind '" + kind + "' in " + origin);
        };
    }

    private static SnapshotStep snapshot(StepCommon common, Map<String, Object> d) {
        List<SnapshotStep.Database> databases = new ArrayList<>();
        for (SnapshotStep.Engine e : SnapshotStep.Engine.values()) {
            strings(d, e.word()).forEach(t -> databases.add(new SnapshotStep.Database(e, t)));
        }
        return new SnapshotStep(common, strings(d, "paths"), databases, integer(d, "keep", Defaults.SNAPSHOT_KEEP),
                longValue(d, "maxSize"));
    }

    private static Map<String, String> stringMap(Map<String, Object> node, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        object(node.get(field)).forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    private static List<String> strings(Map<String, Object> node, String field) {
        List<String> out = new ArrayList<>();
        if (node.get(field) instanceof List<?> list) {
            list.forEach(v -> out.add(String.valueOf(v)));
        }
        return out;
    }

    private static Optional<Long> longValue(Map<String, Object> node, String field) {
        return node.get(field) instanceof Number n ? Optional.of(n.longValue()) : Optional.empty();
    }

    private static Probe probe(Map<String, Object> d) {
        if (d.containsKey("space")) {
            Map<String, Object> space = object(d.get("space"));
            return new Probe.Space(strings(space, "paths"), strings(space, "sqlite"), longValue(space, "maxSize"));
        }
        if (d.containsKey("http")) {
            return new Probe.Http(text(d, "http"), integer(d, "status", Defaults.CHECK_HTTP_STATUS));
        }
        if (d.containsKey("prometheus")) {
            for (Threshold.Comparison c : Threshold.Comparison.values()) {
                if (d.containsKey(c.word())) {
                    return new Probe.Prometheus(text(d, "prometheus"), text(d, "query"),
                            new Threshold(c, Double.parseDouble(text(d, c.word()))));
                }
            }
            throw new IllegalArgumentException("recorded prometheus check lacks a threshold");
        }
        if (d.containsKey("tcp")) {
            String tcp = text(d, "tcp");
            int colon = tcp.lastIndexOf(':');
            return new Probe.Tcp(tcp.substring(0, colon), Integer.parseInt(tcp.substring(colon + 1)));
        }
        return new Probe.Exec(command(object(d.get("command"))));
    }

    private static Command command(Map<String, Object> d) {
        List<String> argv = new ArrayList<>();
        if (d.get("argv") instanceof List<?> list) {
            list.forEach(a -> argv.add(String.valueOf(a)));
        }
        Map<String, String> env = new LinkedHashMap<>();
        object(d.get("env")).forEach((k, v) -> env.put(k, String.valueOf(v)));
        return new Command(argv, bool(d, "shell"), env, optionalText(d, "cwd"));
    }

    private static String text(Map<String, Object> node, String field) {
        return optionalText(node, field)
                .orElseThrow(() -> new IllegalArgumentException("recorded step lacks '" + field + "'"));
    }

    private static Optional<String> optionalText(Map<String, Object> node, String field) {
        Object value = node.get(field);
        return value == null ? Optional.empty() : Optional.of(String.valueOf(value));
    }

    private static int integer(Map<String, Object> node, String field, int otherwise) {
        return node.get(field) instanceof Number n ? n.intValue() : otherwise;
    }

    private static boolean bool(Map<String, Object> node, String field) {
        return Boolean.TRUE.equals(node.get(field));
    }

    /** The map a value is, or an empty one for anything else (a missing section reads as empty). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static Object parse(String json, String origin) {
        try (JsonParser parser = JSON.createParser(json)) {
            parser.nextToken();
            Object value = value(parser);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("recorded step of " + origin + " has text after its JSON");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("recorded step of " + origin + " is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value at the parser's current token: maps, lists, strings, numbers, booleans, null. */
    private static Object value(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == null) {
            throw new JsonParseException(parser, "no JSON value");
        }
        return switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    map.put(name, value(parser));
                }
                yield map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(parser));
                }
                yield list;
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getNumberValue();
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            default -> null;
        };
    }
}
