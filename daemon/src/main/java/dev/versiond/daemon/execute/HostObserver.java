package dev.versiond.daemon.execute;

import dev.versiond.daemon.IoReason;
import dev.versiond.daemon.plan.Fingerprints;
import dev.versiond.daemon.plan.HostObject;
import dev.versiond.daemon.plan.Observed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Looks at host paths (under the root) without following links, for drift detection and config
 * convergence. A path outside the allowed roots, or under a directory link leading out of them or
 * of the root, is not read at all (it shows as "other"), so a plan diff cannot leak a file from
 * outside. Link targets under a non-system root are reported in host-path form (the root
 * prefix the link switcher added is taken off), so they compare with what specs say.
 */
public final class HostObserver {
    private final HostRoot root;

    public HostObserver(HostRoot root) {
        this.root = root;
    }

    public Observed observe(Collection<String> hostPaths) {
        Map<String, HostObject> seen = new LinkedHashMap<>();
        for (String path : hostPaths) {
            seen.put(path, observe(path));
        }
        return new Observed(seen);
    }

    public HostObject observe(String hostPath) {
        Path path;
        try {
            path = root.resolve(hostPath);
        } catch (dev.versiond.spec.VersiondException e) {
            return new HostObject.Other("not looked at: " + e.getMessage());
        }
        if (!root.parentsStayInside(path)) {
            return new HostObject.Other("not looked at: a parent directory is a symbolic link leading out of the root"
                    + " or the allowed roots");
        }
        try {
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attrs.isSymbolicLink()) {
                return new HostObject.Symlink(toHostForm(Files.readSymbolicLink(path).toString()));
            }
            if (attrs.isRegularFile()) {
                return new HostObject.RegularFile(Fingerprints.sha256(Files.readAllBytes(path)), mode(path));
            }
            return new HostObject.Other(attrs.isDirectory() ? "directory" : "special file");
        } catch (NoSuchFileException e) {
            return new HostObject.Absent();
        } catch (IOException e) {
            return new HostObject.Other("unreadable (" + IoReason.of(e) + ")");
        }
    }

    /** The bytes of a regular file at a host path, if there is one (links are not followed). */
    public java.util.Optional<byte[]> readFile(String hostPath) {
        try {
            Path path = root.resolve(hostPath);
            if (!root.parentsStayInside(path) || !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(Files.readAllBytes(path));
        } catch (IOException | dev.versiond.spec.VersiondException e) {
            return java.util.Optional.empty();
        }
    }

    /** A link target as the spec wrote it: absolute targets lose the root prefix. */
    public String toHostForm(String target) {
        if (root.isSystem() || !target.startsWith("/")) {
            return target;
        }
        Path t = Path.of(target).normalize();
        return t.startsWith(root.root()) ? "/" + root.root().relativize(t) : target;
    }

    static int mode(Path path) throws IOException {
        Set<PosixFilePermission> perms = Files.readAttributes(path, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS).permissions();
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= switch (p) {
                case OWNER_READ -> 0400;
                case OWNER_WRITE -> 0200;
                case OWNER_EXECUTE -> 0100;
                case GROUP_READ -> 040;
                case GROUP_WRITE -> 020;
                case GROUP_EXECUTE -> 010;
                case OTHERS_READ -> 04;
                case OTHERS_WRITE -> 02;
                case OTHERS_EXECUTE -> 01;
            };
        }
        return mode;
    }
}
