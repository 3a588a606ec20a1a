package dev.versiond.daemon.source;

import java.util.Collection;
import java.util.List;

/**
 * Lists a remote's refs whose names start with one of some prefixes, at a cost that follows what
 * is asked for, not how many refs the remote holds: over {@code git://}, {@code ssh://} and
 * {@code https://} one Git protocol v2 {@code ls-refs} with a {@code ref-prefix} per prefix (a
 * server without v2 advertises everything and the list is cut here); for a repository on this
 * machine the refs are read from its ref database, without an upload-pack.
 *
 * <p>The poll uses it for the configured ref; the fleet's status refs ({@code refs/versiond/...})
 * use it to count hosts with one listing.
 */
public interface RefLister {

    /**
     * The refs asked for, in name order, symbolic refs ({@code HEAD}) resolved; a name the remote
     * does not have is simply absent.
     *
     * @param names full ref names: one ending in {@code /} ({@code refs/versiond/status/}) stands
     *     for every ref under it, any other ({@code refs/heads/main}, {@code HEAD}) for that ref alone
     * @throws dev.versiond.spec.VersiondException {@code SOURCE} if the remote cannot be reached or read
     */
    List<ListedRef> list(Collection<String> names);
}
