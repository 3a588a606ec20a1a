package dev.versiond.daemon.fleet;

import java.util.List;
import java.util.Map;

/**
 * One round trip that lists the status repository's refs under some prefixes (Git protocol v2
 * {@code ls-refs} with {@code ref-prefix}), fetching no object: the seam every gate and the fleet
 * view read through.
 */
@FunctionalInterface
public interface RefListing {
    /** Ref name to object id, for the refs under any of {@code prefixes}. */
    Map<String, String> list(List<String> prefixes);
}
