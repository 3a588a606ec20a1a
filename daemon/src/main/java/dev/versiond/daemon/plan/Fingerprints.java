package dev.versiond.daemon.plan;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The form in which file contents are compared and recorded: {@code sha256:<hex>}, and with the mode appended. */
public final class Fingerprints {
    private Fingerprints() {
    }

    public static String sha256(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** A file as recorded in {@code managed.expected}: content hash and mode. */
    public static String file(byte[] content, int mode) {
        return new HostObject.RegularFile(sha256(content), mode).fingerprint();
    }
}
