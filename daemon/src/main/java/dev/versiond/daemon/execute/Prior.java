package dev.versiond.daemon.execute;

import java.util.Objects;
import java.util.Optional;

/**
 * What was on the host before a step changed it, captured before any side effect and journaled,
 * so the step can be undone and a crash can be recovered from.
 */
public sealed interface Prior permits Prior.Nothing, Prior.FileState, Prior.LinkState,
        Prior.SnapshotState {

    /** The step kind changes nothing that can be captured (run, service, check). */
    record Nothing() implements Prior {
    }

    /**
     * A file's previous state.
     *
     * @param content the previous bytes, empty when the file did not exist
     * @param mode the previous POSIX mode, meaningful when content is present
     */
    record FileState(Optional<byte[]> content, int mode) implements Prior {
        public FileState {
            Objects.requireNonNull(content, "content");
            content = content.map(byte[]::clone);
        }

        public boolean existed() {
            return content.isPresent();
        }
    }

    /** A link's previous target, empty when there was no link (a non-link at the path is refused, not captured). */
    record LinkState(Optional<String> target) implements Prior {
        public LinkState {
            Objects.requireNonNull(target, "target");
        }
    }

    /** The snapshot a {@code snapshot} step takes: its id in the state directory's snapshot store. */
    record SnapshotState(String id) implements Prior {
        public SnapshotState {
            Objects.requireNonNull(id, "id");
        }
    }

    static Prior nothing() {
        return new Nothing();
    }
}
