package dev.versiond.daemon.execute;

import dev.versiond.daemon.plan.AllowedRoots;
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
 * normalisation, or that is outside the {@code allowed} roots of the agent config, is refused.
 * Allowed roots are host paths, so under {@code --root} they are inside the root too.
 */
public record HostRoot(Path root, AllowedRoots allowed) {
    public HostRoot {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(allowed, "allowed");
        root = root.toAbsolutePath().normalize();
    }

    /** A root where steps may touch every path under it. */
    public HostRoot(Path root) {
        this(root, AllowedRoots.everywhere());
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
        if (!allowed.permits(hostPath)) {
            throw new VersiondException(ErrorCode.PLAN, "host path " + hostPath + " is outside the allowed roots "
                    + allowed.roots() + " (allowed-roots in the agent config)");
        }
        return resolved;
    }

    /**
     * Whether a resolved path's parent directories stay under the root, and under an allowed root,
     * with symbolic links followed. {@link #resolve} only normalises the text; a directory on the
     * way that is a link to {@code /etc} would still let a write land outside. The nearest existing
     * parent is checked (what does not exist yet will be created under it as real directories);
     * false when it cannot be resolved. An allowed root that is itself a symbolic link (an operator's
     * {@code /opt -> /data/opt}) is honoured: what it leads to is inside it.
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
            Path real = dir.toRealPath();
            if (!real.startsWith(root.toRealPath())) {
                return false;
            }
            if (allowed.isEverywhere()) {
                return true;
            }
            for (String r : allowed.roots()) {
                Path allowedDir = root.resolve(r.substring(1)).normalize();
                if (resolved.startsWith(allowedDir) && allowedDir.startsWith(dir) && !allowedDir.equals(dir)) {
                    return true; // the allowed root does not exist yet; it will be created below dir
                }
                if (dir.startsWith(allowedDir) && (real.startsWith(allowedDir) || real.startsWith(realOrSelf(allowedDir)))) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path realOrSelf(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p;
        }
    }
}
