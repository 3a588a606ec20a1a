package dev.versiond.spec.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checksums of resolved steps, {@code v1:sha256:<hex>}, over a canonical form: JSON with keys
 * sorted at every level, line endings normalised to {@code \n}, and no position or file name — so
 * reformatting YAML, reordering keys or moving a file is not an edit, and changing what a step does is.
 * The {@code v1} prefix versions the canonical form itself.
 *
 * <p>Written with Jackson's streaming generator: the values are only strings, numbers, booleans,
 * lists and maps, and the object mapper would keep a few hundred classes loaded in the daemon for
 * them. The bytes are pinned by a test; they must never change for a {@code v1} checksum.
 */
public final class Checksums {
    /** The algorithm version written in front of every checksum. */
    public static final String ALGORITHM = "v1:sha256:";

    private static final JsonFactory JSON = new JsonFactory();

    private Checksums() {
    }

    /** The canonical JSON of a step: what is stored as its resolved definition and hashed. */
    public static String canonicalJson(Step step) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            write(json, canonical(step));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write canonical form of step " + step.id(), e);
        }
        return out.toString();
    }

    /** The checksum of a step's canonical form. */
    public static String of(Step step) {
        return ofCanonical(canonicalJson(step));
    }

    /** The checksum of an already canonical JSON text. */
    public static String ofCanonical(String canonicalJson) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonicalJson.getBytes(StandardCharsets.UTF_8));
            return ALGORITHM + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static Map<String, Object> canonical(Step step) {
        StepCommon c = step.common();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("kind", step.kind());
        c.timeout().ifPresent(t -> m.put("timeout", t.toString()));
        m.put("retries", c.retries());
        m.put("irreversible", c.irreversible());
        m.put(step.kind(), step.definition());
        return m;
    }

    /** Keys sorted at every level, line endings as {@code \n}. */
    private static void write(JsonGenerator json, Object value) throws IOException {
        if (value instanceof String s) {
            json.writeString(s.replace("\r\n", "\n").replace('\r', '\n'));
        } else if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
            json.writeStartObject();
            for (Map.Entry<String, Object> e : sorted.entrySet()) {
                json.writeFieldName(e.getKey());
                write(json, e.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof List<?> list) {
            json.writeStartArray();
            for (Object v : list) {
                write(json, v);
            }
            json.writeEndArray();
        } else if (value instanceof Integer i) {
            json.writeNumber(i);
        } else if (value instanceof Long l) {
            json.writeNumber(l);
        } else if (value instanceof Boolean b) {
            json.writeBoolean(b);
        } else if (value == null) {
            json.writeNull();
        } else {
            throw new IllegalArgumentException("no canonical form for a " + value.getClass().getSimpleName());
        }
    }
}
