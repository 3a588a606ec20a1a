package dev.versiond.daemon.execute;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Optional;

/**
 * How a {@link Prior} is written into the journal and the recorded steps, and read back.
 *
 * <p>A file's previous content may hold a secret (a rendering of a config that references one).
 * Such a prior is written {@linkplain #writeSensitive sensitive}: whether the file existed, its mode
 * and the SHA-256 of its content, never the content. It cannot be {@linkplain #read read} back
 * into a {@link Prior}; whoever restores it re-renders the content (see {@link #sensitive}).
 */
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

    /**
     * The JSON of a prior with no file content in it: a file prior becomes
     * {@code {type: file, sensitive: true, existed, mode, sha256}}; other priors are written as usual.
     */
    public static Optional<String> writeSensitive(Prior prior) {
        if (!(prior instanceof Prior.FileState f)) {
            return write(prior);
        }
        ObjectNode node = JSON.createObjectNode();
        node.put("type", "file");
        node.put("sensitive", true);
        node.put("existed", f.existed());
        node.put("mode", f.mode());
        f.content().ifPresent(c -> node.put("sha256", dev.versiond.daemon.plan.Fingerprints.sha256(c)));
        return Optional.of(node.toString());
    }

    /** What a sensitive file prior says: whether the file existed, and its mode and content hash. */
    public record SensitiveFile(boolean existed, int mode, Optional<String> sha256) {
    }

    /** The sensitive file prior the JSON holds, if it is one. */
    public static Optional<SensitiveFile> sensitive(Optional<String> json) {
        if (json.isEmpty()) {
            return Optional.empty();
        }
        JsonNode node = tree(json.get());
        if (!node.path("sensitive").asBoolean(false)) {
            return Optional.empty();
        }
        return Optional.of(new SensitiveFile(node.path("existed").asBoolean(), node.path("mode").asInt(0644),
                node.hasNonNull("sha256") ? Optional.of(node.get("sha256").asText()) : Optional.empty()));
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("recorded prior state is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The prior the JSON holds. A sensitive file prior that existed has no content to give back
     * and is refused ({@link IllegalArgumentException}): reading it as "absent" would delete a file.
     */
    public static Prior read(Optional<String> json) {
        if (json.isEmpty()) {
            return Prior.nothing();
        }
        Optional<SensitiveFile> sensitive = sensitive(json);
        if (sensitive.isPresent()) {
            if (sensitive.get().existed()) {
                throw new IllegalArgumentException("the recorded prior content held secrets and was not kept; "
                        + "it must be re-rendered");
            }
            return new Prior.FileState(Optional.empty(), sensitive.get().mode());
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
