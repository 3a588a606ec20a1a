package dev.versiond.spec.load;


import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Optional;
import java.util.Set;
import dev.versiond.spec.model.Position;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Bytes to a SnakeYAML node tree, strictly and within hard limits: at most {@link #MAX_BYTES} per
 * file, strict UTF-8, one document, no tabs as indentation, no custom tags, no anchors or aliases.
 *
 * <p>Anchors and aliases are rejected outright rather than expanded: the desired state is short
 * enough to write out, an alias would make one node appear at two places (so a diagnostic could not
 * name one line), and a "billion laughs" document is refused while it is composed (SnakeYAML stops
 * at 50 collection aliases) or, below that, by the first anchor found — never expanded.
 */
final class YamlReader {
    /** The largest file accepted, in bytes (1 MiB). */
    static final int MAX_BYTES = 1 << 20;
    private static final int MAX_DEPTH = 50;
    private static final int MAX_ALIASES = 50;
    private static final Set<Tag> PLAIN_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL,
            Tag.TIMESTAMP, Tag.MAP, Tag.SEQ);

    private YamlReader() {
    }

    /** The document's root node, or empty with the reason recorded in {@code problems}. */
    static Optional<Node> read(byte[] bytes, Problems problems) {
        if (bytes.length > MAX_BYTES) {
            problems.error(Position.startOf(problems.file()), "file is " + bytes.length + " bytes, larger than the limit of "
                    + MAX_BYTES + " bytes (1 MiB)");
            return Optional.empty();
        }
        Optional<String> text = decode(bytes, problems);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Node root;
        try {
            LoaderOptions options = options();
            root = new Composer(new ParserImpl(new StreamReader(text.get()), options), RESOLVER, options)
                    .getSingleNode();
        } catch (ReaderException e) {
            problems.error(positionOf(problems.file(), text.get(), e.getPosition()), String.format("the character U+%04X is not allowed "
                    + "in YAML (control characters other than tab and line breaks, and NUL, cannot be written in a file)",
                    e.getCodePoint()));
            return Optional.empty();
        } catch (MarkedYAMLException e) {
            problems.error(problems.at(e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark()),
                    describe(e));
            return Optional.empty();
        } catch (YAMLException e) {
            String m = String.valueOf(e.getMessage());
            problems.error(Position.startOf(problems.file()), m.contains("aliases")
                    ? "too many YAML aliases (" + m + "): anchors and aliases are not allowed"
                    : "invalid YAML: " + m);
            return Optional.empty();
        }
        if (root == null) {
            problems.error(Position.startOf(problems.file()), "file is empty: expected a YAML mapping starting with 'kind:'");
            return Optional.empty();
        }
        return plain(root, problems) ? Optional.of(root) : Optional.empty();
    }

    /** Read-only after construction, so one is shared by every parse. */
    private static final Resolver RESOLVER = new WordResolver();

    private static LoaderOptions options() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_BYTES);
        options.setAllowRecursiveKeys(false);
        options.setMergeOnCompose(false);
        options.setTagInspector(tag -> false);
        return options;
    }

    private static String describe(MarkedYAMLException e) {
        String problem = String.valueOf(e.getProblem());
        String context = e.getContext();
        if (problem.contains("\\t") || problem.contains("TAB") || problem.contains("\t")) {
            return "tabs are not allowed in YAML indentation (indent with spaces): " + oneLine(problem);
        }
        if (problem.contains("expected a single document") || String.valueOf(context).contains("expected a single document")) {
            return "only one YAML document per file is allowed (found a second '---' document)";
        }
        String globalTag = "Global tag is not allowed: ";
        if (problem.startsWith(globalTag)) {
            return tagMessage(shortTag(new Tag(problem.substring(globalTag.length()).strip())));
        }
        return "invalid YAML: " + (context == null ? "" : oneLine(context) + ", ") + oneLine(problem);
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').strip();
    }

    /**
     * Strict UTF-8: the first malformed byte is an error at its line and column. A leading BOM is dropped.
     */
    static Optional<String> decode(byte[] bytes, Problems problems) {
        // The JDK's own decoding is much faster and puts U+FFFD for every malformed byte, so a result
        // without U+FFFD is exactly what the strict decoder gives; otherwise the strict decoder says where.
        String lenient = new String(bytes, StandardCharsets.UTF_8);
        if (lenient.indexOf('\uFFFD') < 0) {
            return Optional.of(lenient.startsWith("\uFEFF") ? lenient.substring(1) : lenient);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            out.flip();
            int line = 1;
            int column = 1;
            for (int i = 0; i < out.limit(); i++) {
                char c = out.get(i);
                if (c == '\n') {
                    line++;
                    column = 1;
                } else if (!Character.isLowSurrogate(c) && !(i == 0 && c == '\uFEFF')) {
                    column++;
                }
            }
            problems.error(new Position(problems.file(), line, column), String.format(
                    "file is not valid UTF-8: malformed byte 0x%02X at byte offset %d", bytes[in.position()] & 0xff,
                    in.position()));
            return Optional.empty();
        }
        out.flip();
        String text = out.toString();
        return Optional.of(text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    /**
     * The 1-based line and column of a code point of the text, counted as SnakeYAML's marks count them:
     * a line ends at a line feed, a carriage return not followed by one, NEL, LS or PS; columns count
     * code points. Only used to place an error, so it walks the text from the start.
     */
    static Position positionOf(String file, String text, int codePointIndex) {
        int line = 1;
        int column = 1;
        for (int i = 0, cp = 0; i < text.length() && cp < codePointIndex; cp++) {
            char c = text.charAt(i);
            boolean crlf = c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n';
            if (c == '\n' || c == '\r' && !crlf || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                line++;
                column = 1;
            } else {
                column++;
            }
            i += Character.charCount(text.codePointAt(i));
        }
        return new Position(file, line, column);
    }

    /**
     * Rejects anchors, aliases and custom tags; visits every node once (aliases are never expanded).
     * Only an anchored node can be reached twice (through an alias), and its children are never
     * visited, so only anchored nodes are remembered.
     */
    private static boolean plain(Node root, Problems problems) {
        Set<Node> anchored = null;
        java.util.ArrayDeque<Node> todo = new java.util.ArrayDeque<>();
        todo.push(root);
        boolean ok = true;
        while (!todo.isEmpty()) {
            Node node = todo.pop();
            if (node.getAnchor() != null) {
                if (anchored == null) {
                    anchored = Collections.newSetFromMap(new IdentityHashMap<>());
                }
                if (!anchored.add(node)) {
                    continue;
                }
                problems.error(node, "YAML anchors and aliases are not allowed (&" + node.getAnchor()
                        + "): write the value out where it is used");
                ok = false;
                continue;
            }
            Tag tag = node.getTag();
            if (tag != Tag.STR && tag != Tag.MAP && tag != Tag.SEQ && !PLAIN_TAGS.contains(tag)) {
                // With merging off, SnakeYAML leaves a '<<' key in the mapping as a key tagged !!merge.
                problems.error(node, tag.equals(Tag.MERGE)
                        ? "YAML merge keys ('<<') are not allowed: they silently override keys of the mapping; "
                                + "write every key out once"
                        : tagMessage(shortTag(node.getTag())));
                ok = false;
                continue;
            }
            if (node instanceof MappingNode map) {
                for (NodeTuple t : map.getValue()) {
                    todo.push(t.getValueNode());
                    todo.push(t.getKeyNode());
                }
            } else if (node instanceof SequenceNode seq) {
                seq.getValue().forEach(todo::push);
            } else if (!(node instanceof ScalarNode)) {
                problems.error(node, "unexpected YAML node " + node.getNodeId());
                ok = false;
            }
        }
        return ok;
    }

    private static String tagMessage(String tag) {
        return "YAML tag '" + tag + "' is not allowed: only plain YAML (strings, numbers, booleans, lists, maps) "
                + "without explicit tags";
    }

    private static String shortTag(Tag tag) {

        String v = tag.getValue();
        return v.startsWith(Tag.PREFIX) ? "!!" + v.substring(Tag.PREFIX.length()) : v;
    }
}
