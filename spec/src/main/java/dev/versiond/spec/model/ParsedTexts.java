package dev.versiond.spec.model;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What texts parsed to, shared by every load and thread: a desired state names the same few
 * versions and constraints over and over, and semver4j formats a string for every parse. Holds at
 * most {@code limit} texts and starts again empty when full.
 */
final class ParsedTexts<V> {
    private final int limit;
    private final Function<String, Optional<V>> parser;
    private final Map<String, Optional<V>> byText = new ConcurrentHashMap<>();

    ParsedTexts(int limit, Function<String, Optional<V>> parser) {
        this.limit = limit;
        this.parser = parser;
    }

    Optional<V> parse(String text) {
        Optional<V> parsed = byText.get(text);
        if (parsed == null) {
            parsed = parser.apply(text);
            if (byText.size() >= limit) {
                byText.clear();
            }
            byText.put(text, parsed);
        }
        return parsed;
    }
}
