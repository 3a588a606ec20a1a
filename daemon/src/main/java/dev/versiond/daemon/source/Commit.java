package dev.versiond.daemon.source;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One commit of the desired-state repository as a poll found it: the one value that flows from the
 * source through the plan to the history and the status.
 *
 * @param id the full 40-hex commit id (an annotated tag is already peeled to its commit)
 * @param ref the full ref name that was resolved on the remote, e.g. {@code refs/heads/main}
 * @param committedAt the committer time of the commit (rollout waves count from it)
 * @param author the author as {@code name <email>}
 * @param committer the committer as {@code name <email>}
 * @param message the first line of the commit message
 * @param fetchedAt when the poll asked the remote, from the source's clock
 * @param fetched whether this poll moved the mirror (objects were fetched); {@code false} when the
 *     remote still pointed where the mirror already was
 * @param signer the fingerprint of the key that signed the commit, once the signature policy has
 *     checked it; empty before the check and when signatures are not checked
 */
public record Commit(
        String id,
        String ref,
        Instant committedAt,
        String author,
        String committer,
        String message,
        Instant fetchedAt,
        boolean fetched,
        Optional<String> signer) {

    private static final Pattern COMMIT_ID = Pattern.compile("[0-9a-f]{40}");

    public Commit {
        Objects.requireNonNull(id, "id");
        if (!COMMIT_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("commit must be 40 lower-case hex digits: " + id);
        }
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(committedAt, "committedAt");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(committer, "committer");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
        Objects.requireNonNull(signer, "signer");
    }

    /** This commit as the signature policy found it: signed by {@code signer}, or not checked. */
    Commit signedBy(Optional<String> signer) {
        return new Commit(id, ref, committedAt, author, committer, message, fetchedAt, fetched, signer);
    }

    /** The first twelve digits of the commit id, for messages. */
    public String shortId() {
        return id.substring(0, 12);
    }
}
