package dev.versiond.daemon.testing;

import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import dev.versiond.spec.tree.SpecTree;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A desired-state repository held in memory: path → YAML text. Content ids are the text's hash. */
public final class MemoryTree implements SpecTree {
    private final Map<String, String> files;

    public MemoryTree(Map<String, String> files) {
        this.files = new TreeMap<>(files);
    }

    @Override
    public List<String> paths() {
        return List.copyOf(files.keySet());
    }

    @Override
    public byte[] read(String path) {
        String text = files.get(path);
        if (text == null) {
            throw new VersiondException(ErrorCode.SPEC_INVALID, "no file " + path);
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Optional<String> contentId(String path) {
        return Optional.ofNullable(files.get(path)).map(t -> Integer.toHexString(t.hashCode()) + ":" + t.length());
    }

    @Override
    public String describe() {
        return "memory";
    }
}
