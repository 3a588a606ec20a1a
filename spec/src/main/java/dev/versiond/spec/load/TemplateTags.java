package dev.versiond.spec.load;

import java.util.ArrayList;
import java.util.List;

/**
 * The tags of a Mustache template with the 1-based line and column of their names, following delimiter changes
 * ({@code {{=<% %>=}}}) as Mustache does. JMustache gives no positions (and the line of a partial
 * not at all), so this is read only to place a problem in a template, never on the way of a valid one.
 */
final class TemplateTags {

    /**
     * One tag.
     *
     * @param sigil the character after the opening delimiter when it is one of {@code # ^ / > & ! = {},
     *     else a space
     * @param name the tag's content without the sigil, stripped
     * @param line the line of the tag
     * @param column the column of the name (of the sigil when the name is empty)
     */
    record Tag(char sigil, String name, int line, int column) {
    }

    private TemplateTags() {
    }

    static List<Tag> scan(String text) {
        List<Tag> tags = new ArrayList<>();
        String open = "{{";
        String close = "}}";
        int line = 1;
        int column = 1;
        int at = 0;
        while (true) {
            int start = text.indexOf(open, at);
            if (start < 0) {
                return tags;
            }
            for (int i = at; i < start; i++) {
                char c = text.charAt(i);
                if (c == '\n') {
                    line++;
                    column = 1;
                } else if (!Character.isLowSurrogate(c)) {
                    column++;
                }
            }
            int contentStart = start + open.length();
            char first = contentStart < text.length() ? text.charAt(contentStart) : ' ';
            boolean sigil = "#^/>&!={".indexOf(first) >= 0;
            String closing = first == '{' ? "}" + close : close;
            int end = text.indexOf(closing, contentStart);
            if (end < 0) {
                return tags;
            }
            String content = text.substring(sigil ? contentStart + 1 : contentStart, end);
            if (first == '=' && content.endsWith("=")) {
                String[] delimiters = content.substring(0, content.length() - 1).strip().split("\\s+");
                if (delimiters.length == 2) {
                    open = delimiters[0];
                    close = delimiters[1];
                }
            }
            int nameStart = sigil ? contentStart + 1 : contentStart;
            while (nameStart < end && Character.isWhitespace(text.charAt(nameStart))) {
                nameStart++;
            }
            tags.add(new Tag(sigil ? first : ' ', content.strip(), line,
                    column + text.codePointCount(start, nameStart)));
            at = start; // columns are counted up to the next tag from here
            int stop = end + closing.length();
            for (int i = at; i < stop; i++) {
                char c = text.charAt(i);
                if (c == '\n') {
                    line++;
                    column = 1;
                } else if (!Character.isLowSurrogate(c)) {
                    column++;
                }
            }
            at = stop;
        }
    }
}
