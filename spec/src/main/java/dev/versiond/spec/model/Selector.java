package dev.versiond.spec.model;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Map;

/**
 * Which hosts a target applies to: the host name matches any of {@code hosts} (globs such as
 * {@code web-*}; none listed means any host) and the host carries every label in {@code labels}.
 */
public record Selector(List<String> hosts, Map<String, String> labels) {
    public Selector {
        hosts = List.copyOf(hosts);
        labels = Map.copyOf(labels);
    }

    public static Selector all() {
        return new Selector(List.of(), Map.of());
    }

    public boolean matches(String hostName, Map<String, String> hostLabels) {
        boolean hostOk = hosts.isEmpty() || hosts.stream().anyMatch(glob -> globMatches(glob, hostName));
        return hostOk && labels.entrySet().stream()
                .allMatch(e -> e.getValue().equals(hostLabels.get(e.getKey())));
    }

    /** Whether some host could be selected by both (a conservative check: globs are compared as written). */
    public boolean mayOverlap(Selector other) {
        for (Map.Entry<String, String> e : labels.entrySet()) {
            String theirs = other.labels.get(e.getKey());
            if (theirs != null && !theirs.equals(e.getValue())) {
                return false;
            }
        }
        if (hosts.isEmpty() || other.hosts.isEmpty()) {
            return true;
        }
        for (String a : hosts) {
            for (String b : other.hosts) {
                if (a.equals(b) || globMatches(a, b) || globMatches(b, a)
                        || a.contains("*") && b.contains("*") && prefixBeforeStar(a).startsWith(prefixBeforeStar(b))
                        || a.contains("*") && b.contains("*") && prefixBeforeStar(b).startsWith(prefixBeforeStar(a))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String prefixBeforeStar(String glob) {
        int i = glob.indexOf('*');
        return i < 0 ? glob : glob.substring(0, i);
    }

    /** Glob syntax of {@link java.nio.file.FileSystem#getPathMatcher}: {@code *}, {@code ?}, {@code [a-c]}, {@code {a,b}}. */
    public static boolean globMatches(String glob, String hostName) {
        if (hostName.isEmpty() || hostName.contains("/")) {
            return false;
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        return matcher.matches(Path.of(hostName));
    }
}
