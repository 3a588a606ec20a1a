package dev.versiond.daemon.secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 with a shared secret, as webhooks use it: versiond signs the notifications it sends, and
 * checks the push events Git servers send it. Comparisons are constant-time ({@link MessageDigest#isEqual}).
 */
public final class HmacSha256 {
    private final SecretKeySpec key;

    public HmacSha256(byte[] secret) {
        if (secret.length == 0) {
            throw new IllegalArgumentException("an HMAC secret must not be empty");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    /** The lower-case hex HMAC of {@code body}. */
    public String hex(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Whether {@code presentedHex} is the HMAC of {@code body}, compared in constant time (any case of hex). */
    public boolean matches(byte[] body, String presentedHex) {
        return equalsConstantTime(hex(body), presentedHex.trim().toLowerCase(java.util.Locale.ROOT));
    }

    /** Whether two texts are equal, in time that does not depend on where they differ. */
    public static boolean equalsConstantTime(String expected, String presented) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
}
