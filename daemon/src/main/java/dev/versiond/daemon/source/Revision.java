package dev.versiond.daemon.source;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One commit as a poll found it: what the configured ref pointed at, and when it was looked at.
 *
 * @param commit the full 40-hex commit id (an annotated tag is already peeled to its commit)
 * @param ref the full ref name that was resolved on the remote, e.g. {@code refs/heads/main}
 * @param commitTime the committer time of the commit
 * @param author the author as {@code name <email>}
 * @param committer the committer as {@code name <email>}
 * @param message the first line of the commit message
 * @param fetchedAt when the poll asked the remote, from the source's clock
 * @param fetched whether this poll moved the mirror (objects were fetched); {@code false} when the
 *     remote still pointed where the mirror already was
 */
public record Revision(
        String commit,
        String ref,
        Instant commitTime,
        String author,
        String committer,
        String message,
        Instant fetchedAt,
        boolean fetched) {

    private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-f]{40}");

    public Revision {
        Objects.requireNonNull(commit, "commit");
        if (!COMMIT_ID.matcher(commit).matches()) {
            throw new IllegalArgumentException("commit must be 40 lower-case hex digits: " + commit);
        }
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(commitTime, "commitTime");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(committer, "committer");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
    }

    /** The first twelve digits of the commit id, for messages. */
    public String shortCommit() {
        return commit.substring(0, 12);
    }
}
