package dev.versiond.daemon.execute;

import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where host paths live. Every absolute path a step names is resolved under {@code root} ({@code /}
 * on a real host, a scratch directory with {@code --root}); a path that would leave the root after
 * normalisation is refused.
 */
public record HostRoot(Path root) {
    public HostRoot {
        Objects.requireNonNull(root, "root");
        root = root.toAbsolutePath().normalize();
    }

    public static HostRoot system() {
        return new HostRoot(Path.of("/"));
    }

    public boolean isSystem() {
        return root.getParent() == null;
    }

    /** The real path of a host path: {@code /etc/app.conf} under root {@code /tmp/r} is {@code /tmp/r/etc/app.conf}. */
    public Path resolve(String hostPath) {
        if (hostPath == null || !hostPath.startsWith("/")) {
            throw new VersiondException(ErrorCode.PLAN, "host path must be absolute: " + hostPath);
        }
        Path resolved = root.resolve(hostPath.substring(1)).normalize();
        if (!resolved.startsWith(root)) {
            throw new VersiondException(ErrorCode.PLAN, "host path escapes the root " + root + ": " + hostPath);
        }
        return resolved;
    }

    /**
     * Whether a resolved path's parent directories stay under the root with symbolic links
     * followed. {@link #resolve} only normalises the text; a directory on the way that is a link to
     * {@code /etc} would still let a write land outside the root. The nearest existing parent is
     * checked (what does not exist yet will be created under it); false when it cannot be resolved.
     */
    public boolean parentsStayInside(Path resolved) {
        Path dir = resolved.getParent();
        while (dir != null && !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            dir = dir.getParent();
        }
        if (dir == null) {
            return false;
        }
        try {
            return dir.toRealPath().startsWith(root.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }
}
