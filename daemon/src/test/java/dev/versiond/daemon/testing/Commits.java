package dev.versiond.daemon.testing;

import dev.versiond.daemon.source.Commit;
import java.time.Instant;
import java.util.Optional;

/** Commits as a poll would report them, for tests that need one without a repository. */
public final class Commits {
    private Commits() {
    }

    /** A commit on {@code refs/heads/main} made at {@code committedAt}, fetched a second later, unsigned. */
    public static Commit at(String id, Instant committedAt) {
        return new Commit(id, "refs/heads/main", committedAt, "Test Author <author@example.org>",
                "Test Author <author@example.org>", "test commit", committedAt.plusSeconds(1), true, Optional.empty());
    }
}
