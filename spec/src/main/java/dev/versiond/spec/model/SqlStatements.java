package dev.versiond.spec.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into statements at top-level semicolons: not inside quotes ({@code '...'},
 * {@code "..."}, {@code `...`}), comments ({@code --}, {@code #} is not a comment here,
 * {@code /* *}{@code /}), PostgreSQL dollar quotes ({@code $tag$...$tag$}) or a
 * {@code BEGIN ... END} block of a trigger. Blank statements and comment-only statements are dropped.
 */
public final class SqlStatements {
    private SqlStatements() {
    }

    public static List<String> split(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean meaningful = false;
        int depth = 0; // BEGIN ... END nesting inside CREATE TRIGGER
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
                current.append(sql, i, end);
                i = end;
                continue;
            }
            if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                current.append(sql, i, end);
                i = end;
                continue;
            }
            if (c == '\'' || c == '"' || c == '`') {
                int end = i + 1;
                while (end < n) {
                    if (sql.charAt(end) == c) {
                        if (end + 1 < n && sql.charAt(end + 1) == c) {
                            end += 2; // a doubled quote is part of the text
                            continue;
                        }
                        break;
                    }
                    if (sql.charAt(end) == '\\' && c != '"') {
                        end++; // MariaDB's backslash escape; harmless for the others' splitting
                    }
                    end++;
                }
                end = Math.min(n, end + 1);
                current.append(sql, i, end);
                meaningful = true;
                i = end;
                continue;
            }
            if (c == '$') {
                int close = sql.indexOf('$', i + 1);
                if (close > 0 && sql.substring(i + 1, close).matches("[A-Za-z_]?[A-Za-z0-9_]*")) {
                    String tag = sql.substring(i, close + 1);
                    int end = sql.indexOf(tag, close + 1);
                    end = end < 0 ? n : end + tag.length();
                    current.append(sql, i, end);
                    meaningful = true;
                    i = end;
                    continue;
                }
            }
            if (Character.isLetter(c) && (i == 0 || !isWordChar(sql.charAt(i - 1)))) {
                int end = i;
                while (end < n && isWordChar(sql.charAt(end))) {
                    end++;
                }
                String word = sql.substring(i, end);
                if (word.equalsIgnoreCase("begin") && isTrigger(current)) {
                    depth++;
                } else if (word.equalsIgnoreCase("end") && depth > 0) {
                    depth--;
                }
                current.append(word);
                meaningful = true;
                i = end;
                continue;
            }
            if (c == ';' && depth == 0) {
                if (meaningful) {
                    out.add(current.toString().strip());
                }
                current.setLength(0);
                meaningful = false;
                i++;
                continue;
            }
            if (!Character.isWhitespace(c)) {
                meaningful = true;
            }
            current.append(c);
            i++;
        }
        if (meaningful) {
            out.add(current.toString().strip());
        }
        return out;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static boolean isTrigger(StringBuilder statement) {
        return statement.toString().toUpperCase(java.util.Locale.ROOT).matches("(?s).*\\bCREATE\\b.*\\bTRIGGER\\b.*");
    }
}
