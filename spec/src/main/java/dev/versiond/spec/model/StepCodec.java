package dev.versiond.spec.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 */
public final class StepCodec {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StepCodec() {
    }

    /**
     * @param origin names where the definition came from, for messages (e.g. "recorded cms 1.1.0")
     * @throws IllegalArgumentException when the JSON is not a canonical step
     */
    public static Step decode(String canonicalJson, String origin) {
        JsonNode root;
        try {
            root = JSON.readTree(canonicalJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("recorded step of " + origin + " is not JSON: " + e.getOriginalMessage(), e);
        }
        String kind = text(root, "kind");
        StepCommon common = new StepCommon(text(root, "id"), Optional.empty(),
                optionalText(root, "timeout").map(Duration::parse), root.path("retries").asInt(0),
                root.path("irreversible").asBoolean(false), Position.startOf(origin));
        JsonNode d = root.path(kind);
        return switch (kind) {
            case "run" -> new RunStep(common, command(d), optionalText(d, "creates"),
                    d.has("unless") ? Optional.of(command(d.get("unless"))) : Optional.empty(),
                    d.has("down") ? Optional.of(command(d.get("down"))) : Optional.empty(),
                    d.path("idempotent").asBoolean(false));
            case "file" -> new FileStep(common, text(d, "path"), optionalText(d, "content"),
                    optionalText(d, "template").map(t -> new TemplateRef(origin, t)),
                    Integer.parseInt(text(d, "mode"), 8));
            case "link" -> new LinkStep(common, text(d, "path"), text(d, "target"));
            case "service" -> new ServiceStep(common, text(d, "unit"), ServiceAction.fromWord(text(d, "action"))
                    .orElseThrow(() -> new IllegalArgumentException("unknown service action in " + origin)));
            case "check" -> new CheckStep(common, probe(d), Duration.parse(text(d, "interval")),
                    Duration.parse(text(d, "deadline")));
            default -> throw new IllegalArgumentException("unknown step kind '" + kind + "' in " + origin);
        };
    }

    private static Probe probe(JsonNode d) {
        if (d.has("http")) {
            return new Probe.Http(text(d, "http"), d.path("status").asInt(Defaults.CHECK_HTTP_STATUS));
        }
        if (d.has("tcp")) {
            String tcp = text(d, "tcp");
            int colon = tcp.lastIndexOf(':');
            return new Probe.Tcp(tcp.substring(0, colon), Integer.parseInt(tcp.substring(colon + 1)));
        }
        return new Probe.Exec(command(d.get("command")));
    }

    private static Command command(JsonNode d) {
        List<String> argv = new ArrayList<>();
        d.path("argv").forEach(a -> argv.add(a.asText()));
        Map<String, String> env = new LinkedHashMap<>();
        d.path("env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        return new Command(argv, d.path("shell").asBoolean(false), env, optionalText(d, "cwd"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("recorded step lacks '" + field + "'");
        }
        return value.asText();
    }

    private static Optional<String> optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }
}
