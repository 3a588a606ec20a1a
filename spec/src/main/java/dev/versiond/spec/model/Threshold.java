package dev.versiond.spec.model;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What a measured value must be: below, above, at most or at least a number. A value that is not a
 * number (NaN) never meets a threshold.
 */
public record Threshold(Comparison comparison, double value) {
    public Threshold {
        Objects.requireNonNull(comparison, "comparison");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("threshold must be a finite number: " + value);
        }
    }

    /** How a value is compared with the threshold, by the key it is written with. */
    public enum Comparison {
        BELOW("below", "<"), ABOVE("above", ">"), AT_MOST("atMost", "≤"), AT_LEAST("atLeast", "≥");

        private final String word;
        private final String symbol;

        Comparison(String word, String symbol) {
            this.word = word;
            this.symbol = symbol;
        }

        /** The YAML key. */
        public String word() {
            return word;
        }

        public static Optional<Comparison> of(String word) {
            return Arrays.stream(values()).filter(c -> c.word.equals(word)).findFirst();
        }
    }

    public boolean holds(double measured) {
        return switch (comparison) {
            case BELOW -> measured < value;
            case ABOVE -> measured > value;
            case AT_MOST -> measured <= value;
            case AT_LEAST -> measured >= value;
        };
    }

    /** The rule as text, e.g. {@code < 0.01}. */
    @Override
    public String toString() {
        return comparison.symbol + " " + number(value);
    }

    /**
     * A number as a plain decimal ({@code 5}, not {@code 5.0}; {@code 0.00001}, not {@code 1.0E-5}):
     * how a threshold is recorded and checksummed, and how values are shown. NaN and infinities as Java writes them.
     */
    public static String number(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        return v == 0 ? "0" : java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
