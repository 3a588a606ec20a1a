package dev.versiond.daemon.execute;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How a {@link Prior} is written into the journal and the recorded steps, and read back: a flat JSON
 * object such as {@code {"type":"file","content":"<base64>","mode":420}} or
 * {@code {"type":"link","target":"releases/1.0.0"}}.
 *
 * <p>A file's previous content may hold a secret (a rendering of a config that references one).
 * Such a prior is written {@linkplain #writeSensitive sensitive}: whether the file existed, its mode
 * and the SHA-256 of its content, never the content. It cannot be {@linkplain #read read} back
 * into a {@link Prior}; whoever restores it re-renders the content (see {@link #sensitive}).
 *
 * <p>Written and read with Jackson's streaming API, not its object mapper: every pass that changes
 * a file goes through here, and the mapper would keep some 350 classes loaded in the idle daemon for
 * objects this small.
 */
public final class PriorJson {
    private static final JsonFactory JSON = new JsonFactory();

    private PriorJson() {
    }

    /** The JSON of a prior, or empty for {@link Prior.Nothing}. */
    public static Optional<String> write(Prior prior) {
        if (prior instanceof Prior.FileState f) {
            return Optional.of(object(json -> {
                json.writeStringField("type", "file");
                if (f.content().isPresent()) {
                    json.writeStringField("content", Base64.getEncoder().encodeToString(f.content().get()));
                }
                json.writeNumberField("mode", f.mode());
            }));
        }
        if (prior instanceof Prior.LinkState l) {
            return Optional.of(object(json -> {
                json.writeStringField("type", "link");
                if (l.target().isPresent()) {
                    json.writeStringField("target", l.target().get());
                }
            }));
        }
        if (prior instanceof Prior.SnapshotState snap) {
            return Optional.of(object(json -> {
                json.writeStringField("type", "snapshot");
                json.writeStringField("id", snap.id());
            }));
        }
        return Optional.empty();
    }

    /**
     * The JSON of a prior with no file content in it: a file prior becomes
     * {@code {type: file, sensitive: true, existed, mode, sha256}}; other priors are written as usual.
     */
    public static Optional<String> writeSensitive(Prior prior) {
        if (!(prior instanceof Prior.FileState f)) {
            return write(prior);
        }
        return Optional.of(object(json -> {
            json.writeStringField("type", "file");
            json.writeBooleanField("sensitive", true);
            json.writeBooleanField("existed", f.existed());
            json.writeNumberField("mode", f.mode());
            if (f.content().isPresent()) {
                json.writeStringField("sha256", dev.versiond.daemon.plan.Fingerprints.sha256(f.content().get()));
            }
        }));
    }

    /** What a sensitive file prior says: whether the file existed, and its mode and content hash. */
    public record SensitiveFile(boolean existed, int mode, Optional<String> sha256) {
    }

    /** The sensitive file prior the JSON holds, if it is one. */
    public static Optional<SensitiveFile> sensitive(Optional<String> json) {
        if (json.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> fields = fields(json.get());
        if (!Boolean.TRUE.equals(fields.get("sensitive"))) {
            return Optional.empty();
        }
        return Optional.of(new SensitiveFile(Boolean.TRUE.equals(fields.get("existed")), mode(fields),
                text(fields, "sha256")));
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
        Map<String, Object> fields = fields(json.get());
        return switch (text(fields, "type").orElse("")) {
            case "file" -> new Prior.FileState(text(fields, "content").map(Base64.getDecoder()::decode), mode(fields));
            case "link" -> new Prior.LinkState(text(fields, "target"));
            case "snapshot" -> new Prior.SnapshotState(text(fields, "id")
                    .orElseThrow(() -> new IllegalArgumentException("recorded snapshot prior has no id")));
            default -> Prior.nothing();
        };
    }

    private interface Fields {
        void write(JsonGenerator json) throws IOException;
    }

    private static String object(Fields fields) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            fields.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a prior state as JSON", e);
        }
        return out.toString();
    }

    /** The scalar fields of a flat JSON object: strings, integers and booleans by name; anything else skipped. */
    private static Map<String, Object> fields(String text) {
        Map<String, Object> fields = new HashMap<>();
        try (JsonParser json = JSON.createParser(text)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("recorded prior state is not a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                switch (value) {
                    case VALUE_STRING -> fields.put(name, json.getText());
                    case VALUE_NUMBER_INT -> fields.put(name, json.getIntValue());
                    case VALUE_TRUE, VALUE_FALSE -> fields.put(name, value == JsonToken.VALUE_TRUE);
                    default -> json.skipChildren();
                }
            }
            if (json.currentToken() != JsonToken.END_OBJECT || json.nextToken() != null) {
                throw new IllegalArgumentException("recorded prior state is not a JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("recorded prior state is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a prior state", e);
        }
        return fields;
    }

    private static Optional<String> text(Map<String, Object> fields, String name) {
        return fields.get(name) instanceof String s ? Optional.of(s) : Optional.empty();
    }

    private static int mode(Map<String, Object> fields) {
        return fields.get("mode") instanceof Integer m ? m : 0644;
    }

}
