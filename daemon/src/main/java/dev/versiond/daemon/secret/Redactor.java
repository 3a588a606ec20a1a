package dev.versiond.daemon.secret;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Masks secret values in text before it is journaled, logged, served or shown: every occurrence
 * of a value becomes {@value #MASK}. Longer values are masked first, so a secret that contains
 * another is not half-revealed. Values of any length are masked, even a one-character one: a
 * short secret masks innocent text too (a password {@code a} turns every {@code a} into the mask),
 * which is the price of never printing it.
 */
public final class Redactor {
    /** What a secret value is replaced with. */
    public static final String MASK = "******";
    private static final Redactor NONE = new Redactor(List.of());

    private final List<String> values;

    private Redactor(List<String> values) {
        this.values = values;
    }

    /** A redactor for these values (empty values are ignored). */
    public static Redactor of(Collection<String> secrets) {
        return new Redactor(secrets.stream().filter(s -> !s.isEmpty()).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList());
    }

    /** Masks nothing. */
    public static Redactor none() {
        return NONE;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The text with every secret value masked. */
    public String mask(String text) {
        if (text == null || values.isEmpty()) {
            return text;
        }
        String out = text;
        for (String v : values) {
            out = out.replace(v, MASK);
        }
        return out;
    }

    public Optional<String> mask(Optional<String> text) {
        return text.map(this::mask);
    }

    /** Whether the text holds any secret value. */
    public boolean reveals(String text) {
        return text != null && values.stream().anyMatch(text::contains);
    }

    /** A redactor masking the values of both. */
    public Redactor and(Redactor other) {
        if (other.isEmpty()) {
            return this;
        }
        List<String> all = new java.util.ArrayList<>(values);
        all.addAll(other.values);
        return of(all);
    }
}
