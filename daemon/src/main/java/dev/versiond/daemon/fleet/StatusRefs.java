package dev.versiond.daemon.fleet;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The ref layout of the status repository (see docs/design.md, "Host status in Git"):
 * <pre>
 * refs/versiond/hosts/&lt;host&gt;                                            the host's status history
 * refs/versiond/rollouts/&lt;target&gt;/&lt;commit&gt;/w&lt;wave&gt;/&lt;outcome&gt;/&lt;host&gt;   its outcome on one commit
 * </pre>
 * Both point at the host's latest status commit. Outcome and wave are in the name, so a gate
 * counts with one listing of the prefixes {@code …/<target>/<commit>/w0/ … w(k-1)/}, fetching no
 * object, at a cost that follows the hosts of those waves only.
 */
public final class StatusRefs {
    public static final String HOSTS = "refs/versiond/hosts/";
    public static final String ROLLOUTS = "refs/versiond/rollouts/";
    /** The one file of a status commit. */
    public static final String FILE = "status.json";

    private StatusRefs() {
    }

    /** A rollout ref, parsed. */
    public record RolloutRef(String target, String commit, int wave, Outcome outcome, String host) {
    }

    public static String host(String host) {
        return HOSTS + component(host);
    }

    public static String rollout(String target, String commit, int wave, Outcome outcome, String host) {
        return wavePrefix(target, commit, wave) + outcome.word() + "/" + component(host);
    }

    /** Everything reported on one wave of one commit of one target. */
    public static String wavePrefix(String target, String commit, int wave) {
        return commitPrefix(target, commit) + "w" + wave + "/";
    }

    /** Everything reported on one commit of one target. */
    public static String commitPrefix(String target, String commit) {
        return ROLLOUTS + component(target) + "/" + commit + "/";
    }

    /** The host a {@code refs/versiond/hosts/} ref belongs to. */
    public static Optional<String> hostOf(String ref) {
        return ref.startsWith(HOSTS) ? Optional.of(decode(ref.substring(HOSTS.length()))) : Optional.empty();
    }

    /** A rollout ref's parts, if {@code ref} is one. */
    public static Optional<RolloutRef> parse(String ref) {
        if (!ref.startsWith(ROLLOUTS)) {
            return Optional.empty();
        }
        String[] parts = ref.substring(ROLLOUTS.length()).split("/");
        if (parts.length != 5 || !parts[2].matches("w[0-9]{1,4}")) {
            return Optional.empty();
        }
        Optional<Outcome> outcome = Outcome.ofWord(parts[3]);
        return outcome.map(o -> new RolloutRef(decode(parts[0]), parts[1], Integer.parseInt(parts[2].substring(1)), o,
                decode(parts[4])));
    }

    /**
     * A host or target name as one ref name component: letters, digits, {@code - _ .} as they are
     * (a leading dot escaped), every other byte as {@code %XX}, so any name maps to one valid ref.
     */
    static String component(String name) {
        StringBuilder out = new StringBuilder();
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            boolean plain = b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '_'
                    || b == '.' && i > 0 && bytes[i - 1] != '.';
            out.append(plain ? String.valueOf((char) b) : String.format("%%%02X", b));
        }
        String s = out.toString();
        return s.endsWith(".lock") ? s.substring(0, s.length() - 5) + "%2Elock" : s;
    }

    static String decode(String component) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            if (c == '%' && i + 2 < component.length()) {
                out.write(Integer.parseInt(component.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
