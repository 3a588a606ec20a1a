package dev.versiond.spec.load;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What loading one host's {@link Share} found.
 *
 * @param result the share's desired state (this host's targets and the components they need), present
 *     only when the share's files have no error and it is within its size limit; the diagnostics of
 *     the files the share needs (files outside it are not read, so not reported)
 * @param components the component folders the share is made of, as far as they were read
 * @param bytes the bytes of the share's component files counted so far (all of them when not too large)
 * @param tooLarge why the share was refused as over its size limit: the folders beyond it were not parsed
 */
public record ShareLoad(LoadResult result, Set<String> components, long bytes, Optional<String> tooLarge) {
    public ShareLoad {
        Objects.requireNonNull(result, "result");
        components = Set.copyOf(components);
        Objects.requireNonNull(tooLarge, "tooLarge");
    }
}
