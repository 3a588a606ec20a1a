package dev.versiond.daemon.execute;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Optional;

/** How a {@link Prior} is written into the journal and the recorded steps, and read back. */
public final class PriorJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PriorJson() {
    }

    /** The JSON of a prior, or empty for {@link Prior.Nothing}. */
    public static Optional<String> write(Prior prior) {
        ObjectNode node = JSON.createObjectNode();
        if (prior instanceof Prior.FileState f) {
            node.put("type", "file");
            f.content().ifPresent(c -> node.put("content", Base64.getEncoder().encodeToString(c)));
            node.put("mode", f.mode());
        } else if (prior instanceof Prior.LinkState l) {
            node.put("type", "link");
            l.target().ifPresent(t -> node.put("target", t));
        } else {
            return Optional.empty();
        }
        return Optional.of(node.toString());
    }

    public static Prior read(Optional<String> json) {
        if (json.isEmpty()) {
            return Prior.nothing();
        }
        try {
            JsonNode node = JSON.readTree(json.get());
            return switch (node.path("type").asText()) {
                case "file" -> new Prior.FileState(node.has("content")
                        ? Optional.of(Base64.getDecoder().decode(node.get("content").asText())) : Optional.empty(),
                        node.path("mode").asInt(0644));
                case "link" -> new Prior.LinkState(node.has("target") ? Optional.of(node.get("target").asText())
                        : Optional.empty());
                default -> Prior.nothing();
            };
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("recorded prior state is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
