package dev.versiond.daemon.source;

import dev.versiond.spec.tree.SpecTree;
import java.time.Instant;
import java.util.Optional;

/**
 * The desired-state repository as one reconcile pass sees it: where the configured ref points now,
 * the files of a commit, and whether one commit descends from another.
 *
 * <p>Every failure to reach or read the remote is a {@link dev.versiond.spec.VersiondException}
 * with {@link dev.versiond.spec.ErrorCode#SOURCE}; its message names the remote without
 * credentials, so it can be logged and shown on the status endpoint as is. The caller backs off
 * and polls again.
 *
 * <p>Not thread-safe: one reconcile pass at a time uses a source (passes never overlap). Trees
 * returned by {@link #tree} may be read from several threads, but not after {@link #close()}.
 */
public interface Source extends AutoCloseable {

    /**
     * Asks the remote where the ref points (one round trip) and, only if that differs from what the
     * local mirror holds, fetches the commit and its history.
     *
     * @return the commit the ref points at, with {@link Commit#fetched()} telling whether this
     *     poll had to fetch
     * @throws dev.versiond.spec.VersiondException {@code SOURCE} if the remote cannot be reached or
     *     read, or the ref does not exist there
     */
    Commit poll();

    /**
     * The files of a polled commit, read from the object database without a checkout, so a pass
     * sees one atomic snapshot whatever happens to the remote meanwhile.
     *
     * @param commit a commit returned by {@link #poll()} (or any commit held by the mirror)
     * @param subPath a directory of the repository to use as the root ({@code ""} for the whole
     *     repository); paths of the tree are relative to it
     * @throws dev.versiond.spec.VersiondException {@code SOURCE} if the commit is not in the mirror,
     *     {@code SPEC_INVALID} if {@code subPath} is not a directory of the commit
     */
    SpecTree tree(Commit commit, String subPath);

    /**
     * Whether {@code commit} has {@code ancestor} in its history (a commit is its own descendant).
     * Used to refuse moving a host to a commit that rewrote history.
     *
     * @return {@code false} too when either commit is not in the mirror, since a commit the remote
     *     no longer leads to cannot be proven to be an ancestor
     * @throws IllegalArgumentException if an id is not 40 hex digits
     */
    boolean isDescendant(String commit, String ancestor);

    /**
     * Checks a polled commit against the signature policy the source was opened with: the commit
     * (mode {@code head}), or every commit since {@code lastApplied} (mode {@code all}), and the
     * pinned tag when the ref is a tag.
     *
     * @param commit a commit returned by {@link #poll()}
     * @param ref the full ref name it was resolved through ({@link Commit#ref()})
     * @param lastApplied the last commit applied on this host, if any
     * @return the fingerprint of the key that signed the commit; empty when the policy is
     *     {@code off}
     * @throws UntrustedCommitException naming the first object whose signature does not hold
     * @throws dev.versiond.spec.VersiondException {@code CONFIG} if the trusted keys cannot be read
     */
    Optional<String> verify(String commit, String ref, Optional<String> lastApplied);

    /** How long the last {@link #poll()} spent asking the remote and fetching ({@link PollTimes#NONE} before one). */
    PollTimes lastPollTimes();

    /** The committer time of a commit held by the mirror, if it is there. */
    Optional<Instant> commitTime(String commit);

    /**
     * Lets go of what reading the repository loaded and a no-change poll does not need, between
     * passes; the next read loads it again. Trees handed out before stay readable.
     */
    default void release() {
    }

    /** Releases the mirror repository; trees handed out before can no longer be read. */
    @Override
    void close();
}
