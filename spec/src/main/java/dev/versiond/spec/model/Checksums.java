package dev.versiond.spec.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
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
 */
public final class Checksums {
    /** The algorithm version written in front of every checksum. */
    public static final String ALGORITHM = "v1:sha256:";

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private Checksums() {
    }

    /** The canonical JSON of a step: what is stored as its resolved definition and hashed. */
    public static String canonicalJson(Step step) {
        try {
            return CANONICAL.writeValueAsString(normalise(canonical(step)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write canonical form of step " + step.id(), e);
        }
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

    private static Object normalise(Object value) {
        if (value instanceof String s) {
            return s.replace("\r\n", "\n").replace('\r', '\n');
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), normalise(v)));
            return sorted;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(normalise(v)));
            return out;
        }
        return value;
    }
}
