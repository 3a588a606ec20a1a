package dev.versiond.spec.load;

import dev.versiond.spec.model.Durations;
import dev.versiond.spec.model.Position;
import dev.versiond.spec.validate.HostPaths;
import dev.versiond.spec.validate.Suggestions;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The keys of one YAML mapping, read strictly: unknown and duplicate keys are reported on
 * construction, every typed getter reports a wrong type at the value and a missing required key at
 * the mapping, naming the key and what was expected. Getters return empty after reporting, so a
 * reader carries on and finds every problem of the file in one pass.
 */
final class Fields {
    private final MappingNode node;
    private final String where;
    private final Problems problems;
    /**
     * The accepted keys in mapping order, searched in a row: a mapping has a few. Their hash codes are
     * kept alongside, so that a search touches only this array until a hash matches (the key strings
     * are scattered over the heap, and most searches are for keys that are absent).
     */
    private final String[] keys;
    private final int[] hashes;
    private final NodeTuple[] tuples;
    private int size;

    /**
     * @param where how the mapping is named in messages, e.g. "step 'unpack'" or "Migration"
     * @param allowed every key the mapping may have
     */
    Fields(MappingNode node, String where, Set<String> allowed, Problems problems) {
        this.node = node;
        this.where = where;
        this.problems = problems;
        List<NodeTuple> all = node.getValue();
        this.keys = new String[all.size()];
        this.hashes = new int[all.size()];
        this.tuples = new NodeTuple[all.size()];
        for (NodeTuple t : all) {
            Node keyNode = t.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalar) || keyNode.getTag().equals(Tag.NULL)) {
                problems.error(keyNode, "keys of " + where + " must be plain strings");
                continue;
            }
            String key = scalar.getValue();
            NodeTuple first = tuple(key);
            if (first != null) {
                problems.error(keyNode, "duplicate key '" + key + "' in " + where + " (first at line "
                        + (first.getKeyNode().getStartMark().getLine() + 1) + ")");
                continue;
            }
            if (!allowed.contains(key)) {
                problems.error(keyNode, "unknown key '" + key + "' in " + where + Suggestions.didYouMean(key, allowed)
                        + "; expected one of: " + String.join(", ", sorted(allowed)));
                continue;
            }
            keys[size] = key;
            hashes[size] = key.hashCode();
            tuples[size] = t;
            size++;
        }
    }

    private NodeTuple tuple(String key) {
        int hash = key.hashCode();
        for (int i = 0; i < size; i++) {
            if (hashes[i] == hash && keys[i].equals(key)) {
                return tuples[i];
            }
        }
        return null;
    }

    /** Reads a node that must be a mapping; reports and returns empty otherwise. */
    static Optional<Fields> of(Node node, String where, Set<String> allowed, Problems problems) {
        if (node instanceof MappingNode map) {
            return Optional.of(new Fields(map, where, allowed, problems));
        }
        problems.error(node, where + " must be a mapping (key: value), not " + describe(node));
        return Optional.empty();
    }

    private static List<String> sorted(Set<String> keys) {
        List<String> list = new ArrayList<>(keys);
        list.sort(null);
        return list;
    }

    MappingNode node() {
        return node;
    }

    Position position() {
        return problems.at(node);
    }

    boolean has(String key) {
        return tuple(key) != null;
    }

    /** The keys of the mapping that are among {@code wanted}, in mapping order. */
    List<String> keysAmong(List<String> wanted) {
        List<String> found = new ArrayList<>(1);
        for (int i = 0; i < size; i++) {
            if (wanted.contains(keys[i])) {
                found.add(keys[i]);
            }
        }
        return found;
    }

    Optional<Node> value(String key) {
        NodeTuple t = tuple(key);
        return t == null ? Optional.empty() : Optional.of(t.getValueNode());
    }

    Optional<Node> keyNode(String key) {
        NodeTuple t = tuple(key);
        return t == null ? Optional.empty() : Optional.of(t.getKeyNode());
    }

    Optional<Node> required(String key, String expected) {
        Optional<Node> v = value(key);
        if (v.isEmpty()) {
            problems.error(node, "missing required key '" + key + "' in " + where + " (expected " + expected + ")");
        }
        return v;
    }

    // ---- typed values -------------------------------------------------------------------------

    Optional<String> string(String key) {
        return value(key).flatMap(v -> asString(v, key));
    }

    Optional<String> requiredString(String key) {
        return required(key, "a string").flatMap(v -> asString(v, key));
    }

    Optional<String> asString(Node v, String key) {
        if (v instanceof ScalarNode s && !s.getTag().equals(Tag.NULL)) {
            return Optional.of(s.getValue());
        }
        problems.error(v, "'" + key + "' in " + where + " must be a string, not " + describe(v));
        return Optional.empty();
    }

    /** A string that must be written as a YAML string (quoted where YAML would read a number or boolean). */
    Optional<String> strictString(Node v, String key, String hint) {
        if (v instanceof ScalarNode s && s.getTag().equals(Tag.STR)) {
            return Optional.of(s.getValue());
        }
        problems.error(v, "'" + key + "' in " + where + " must be a string" + hint + ", not " + describe(v));
        return Optional.empty();
    }

    Optional<Boolean> bool(String key) {
        return value(key).flatMap(v -> {
            if (v instanceof ScalarNode s && s.getTag().equals(Tag.BOOL)) {
                String text = s.getValue();
                if (text.equals("true") || text.equals("false")) {
                    return Optional.of(text.equals("true"));
                }
            }
            if (v instanceof ScalarNode s && looksBoolean(s.getValue())) {
                problems.error(v, "'" + key + "' in " + where + " must be true or false, not "
                        + (s.getTag().equals(Tag.BOOL) ? "'" + s.getValue() + "'" : describe(v)) + " " + USE_TRUE_OR_FALSE);
            } else {
                problems.error(v, "'" + key + "' in " + where + " must be true or false, not " + describe(v));
            }
            return Optional.empty();
        });
    }

    /** The advice for a YAML 1.1 boolean word (or a quoted or capitalised true/false). */
    static final String USE_TRUE_OR_FALSE = "(YAML 1.1 words such as yes, no, on, off, y, n, and a quoted or "
            + "capitalised true or false, are not booleans in the desired state): use true or false";

    /**
     * Whether a scalar is one of the words YAML 1.1 reads as a boolean, in any case: what someone
     * who meant a boolean may have written. Only called once a boolean was not found.
     */
    static boolean looksBoolean(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "false", "yes", "no", "on", "off", "y", "n" -> true;
            default -> false;
        };
    }

    Optional<Integer> integer(String key, int min, int max) {
        return value(key).flatMap(v -> asInteger(v, "'" + key + "' in " + where, min, max));
    }

    Optional<Integer> asInteger(Node v, String what, int min, int max) {
        if (v instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
            try {
                BigInteger n = new BigInteger(s.getValue().replace("_", ""));
                if (n.compareTo(BigInteger.valueOf(min)) >= 0 && n.compareTo(BigInteger.valueOf(max)) <= 0) {
                    return Optional.of(n.intValue());
                }
            } catch (NumberFormatException e) {
                // fall through: reported below as out of range / not a plain integer
            }
            problems.error(v, what + " must be an integer from " + min + " to " + max + ", not " + s.getValue());
            return Optional.empty();
        }
        problems.error(v, what + " must be an integer, not " + describe(v));
        return Optional.empty();
    }

    /** A finite number (an integer or a decimal, e.g. {@code 0.01} or {@code 5}). */
    Optional<Double> number(String key) {
        return value(key).flatMap(v -> {
            if (v instanceof ScalarNode s && (s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.FLOAT))) {
                try {
                    double d = Double.parseDouble(s.getValue().replace("_", ""));
                    if (Double.isFinite(d)) {
                        return Optional.of(d);
                    }
                } catch (NumberFormatException e) {
                    // fall through: reported below
                }
            }
            problems.error(v, "'" + key + "' in " + where + " must be a finite number (e.g. 0.01), not " + describe(v));
            return Optional.empty();
        });
    }

    Optional<Duration> duration(String key) {
        return value(key).flatMap(v -> {
            if (v instanceof ScalarNode s && !s.getTag().equals(Tag.NULL)) {
                Optional<Duration> d = Durations.tryParse(s.getValue());
                if (d.isEmpty()) {
                    problems.error(v, "'" + key + "' in " + where + " is '" + s.getValue() + "', not a duration: expected "
                            + Durations.EXPECTED);
                }
                return d;
            }
            problems.error(v, "'" + key + "' in " + where + " must be a duration (" + Durations.EXPECTED + "), not "
                    + describe(v));
            return Optional.empty();
        });
    }

    /**
     * A duration that must be longer than 0: a timeout, a check's interval or deadline, for which 0
     * could only mean failing at once or retrying without pause.
     */
    Optional<Duration> positiveDuration(String key) {
        Optional<Duration> d = duration(key);
        if (d.isPresent() && d.get().isZero()) {
            problems.error(value(key).orElseThrow(), "'" + key + "' in " + where + " must be longer than 0");
            return Optional.empty();
        }
        return d;
    }

    /** An absolute, normalised host path. */
    Optional<String> hostPath(String key) {
        return value(key).flatMap(v -> asHostPath(v, key));
    }

    Optional<String> asHostPath(Node v, String key) {
        return asString(v, key).flatMap(p -> {
            Optional<String> problem = HostPaths.problem(p);
            if (problem.isPresent()) {
                problems.error(v, "'" + key + "' in " + where + ": " + problem.get());
                return Optional.empty();
            }
            return Optional.of(p);
        });
    }

    /** A list of strings (numbers and booleans are taken as written). */
    Optional<List<String>> stringList(Node v, String key) {
        return strings(v, "'" + key + "' in " + where, problems);
    }

    /** A list of strings; {@code what} names the list in messages. */
    static Optional<List<String>> strings(Node v, String what, Problems problems) {
        if (!(v instanceof SequenceNode seq)) {
            problems.error(v, what + " must be a list of strings, not " + describe(v));
            return Optional.empty();
        }
        List<String> out = new ArrayList<>(seq.getValue().size());
        boolean ok = true;
        for (Node item : seq.getValue()) {
            if (item instanceof ScalarNode s && !s.getTag().equals(Tag.NULL)) {
                out.add(s.getValue());
            } else {
                problems.error(item, "items of " + what + " must be strings, not " + describe(item));
                ok = false;
            }
        }
        return ok ? Optional.of(out) : Optional.empty();
    }

    /** A mapping of strings to strings (scalar values taken as written). */
    Optional<Map<String, String>> stringMap(Node v, String key) {
        if (!(v instanceof MappingNode map)) {
            problems.error(v, "'" + key + "' in " + where + " must be a mapping of strings, not " + describe(v));
            return Optional.empty();
        }
        Map<String, String> out = new LinkedHashMap<>();
        boolean ok = true;
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k) || k.getTag().equals(Tag.NULL)) {
                problems.error(t.getKeyNode(), "keys of '" + key + "' in " + where + " must be strings");
                ok = false;
                continue;
            }
            if (out.containsKey(k.getValue())) {
                problems.error(k, "duplicate key '" + k.getValue() + "' in '" + key + "' of " + where);
                ok = false;
                continue;
            }
            if (t.getValueNode() instanceof ScalarNode s && !s.getTag().equals(Tag.NULL)) {
                out.put(k.getValue(), s.getValue());
            } else {
                problems.error(t.getValueNode(), "value of '" + k.getValue() + "' in '" + key + "' of " + where
                        + " must be a string, not " + describe(t.getValueNode()));
                ok = false;
            }
        }
        return ok ? Optional.of(out) : Optional.empty();
    }

    /** What a node is, for "expected X, not Y" messages. */
    static String describe(Node n) {
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        if (n instanceof ScalarNode s) {
            Tag t = s.getTag();
            if (t.equals(Tag.NULL)) {
                return "an empty value";
            }
            String kind = t.equals(Tag.INT) || t.equals(Tag.FLOAT) ? "the number " : t.equals(Tag.BOOL) ? "the boolean "
                    : "the string ";
            String v = s.getValue();
            return kind + "'" + (v.length() > 60 ? v.substring(0, 57) + "..." : v) + "'";
        }
        return "a " + n.getNodeId();
    }
}
