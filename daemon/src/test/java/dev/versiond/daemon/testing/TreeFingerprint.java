package dev.versiond.daemon.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Everything a snapshot must keep of a file tree, as one comparable text: per entry its type,
 * permissions, owner, group, modification time (to the millisecond), content or link target, and
 * which entries share an inode (hard links). Two trees are restored exactly when their texts are equal.
 */
public final class TreeFingerprint {
    private TreeFingerprint() {
    }

    public static String of(Path root) throws IOException {
        StringBuilder out = new StringBuilder();
        Map<Object, Integer> inodes = new HashMap<>();
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(root)) {
            entries = walk.sorted().toList();
        }
        for (Path p : entries) {
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,lastModifiedTime,ino,dev,nlink",
                    LinkOption.NOFOLLOW_LINKS);
            String type = Files.isSymbolicLink(p) ? "link" : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir" : "file";
            out.append(root.relativize(p)).append(' ').append(type);
            if (!type.equals("link")) {
                out.append(' ').append(PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)));
            }
            out.append(' ').append(a.get("uid")).append(':').append(a.get("gid"))
                    .append(' ').append(((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toMillis());
            if (type.equals("link")) {
                out.append(" -> ").append(Files.readSymbolicLink(p));
            } else if (type.equals("file")) {
                int group = inodes.computeIfAbsent(List.of(a.get("dev"), a.get("ino")), k -> inodes.size());
                out.append(" inode#").append(group).append(" links=").append(a.get("nlink"))
                        .append(' ').append(Files.readString(p).replace("\n", "\\n"));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
