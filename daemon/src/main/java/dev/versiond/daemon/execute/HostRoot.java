package dev.versiond.daemon.execute;

import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
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
}
