package dev.versiond.spec.load;

import dev.versiond.spec.model.Selector;
import java.util.Map;
import java.util.Objects;

/**
 * Which part of a repository one host needs: the targets whose selector matches the host, the
 * component folders they name and, transitively, what those depend on. {@link SpecLoader#loadShare}
 * loads only that, and refuses it when its files are more than {@code maxBytes}.
 *
 * @param host the host's name, matched against the targets' {@code hosts} globs
 * @param labels the host's labels, matched against the targets' {@code labels}
 * @param maxBytes the most bytes the share's component files may add up to before anything of a
 *     folder beyond it is parsed ({@link Long#MAX_VALUE}: no limit)
 */
public record Share(String host, Map<String, String> labels, long maxBytes) {
    public Share {
        Objects.requireNonNull(host, "host");
        labels = Map.copyOf(labels);
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
        }
    }

    /** A share without a size limit. */
    public Share(String host, Map<String, String> labels) {
        this(host, labels, Long.MAX_VALUE);
    }

    /** Whether a target with this selector is one of this host's. */
    public boolean selects(Selector selector) {
        return selector.matches(host, labels);
    }
}
