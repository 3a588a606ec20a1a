package dev.versiond.daemon.source;

import java.util.Objects;

/**
 * One ref as a remote lists it: its full name and the object it points at (for an annotated tag,
 * the tag object, not the commit it peels to).
 *
 * @param name the full ref name ({@code refs/heads/main}, {@code HEAD})
 * @param objectId the object's id, 40 hex digits
 */
public record ListedRef(String name, String objectId) {
    public ListedRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(objectId, "objectId");
        if (objectId.length() != 40) {
            throw new IllegalArgumentException("not a 40-hex object id: " + objectId);
        }
    }
}
