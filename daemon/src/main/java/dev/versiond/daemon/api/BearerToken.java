package dev.versiond.daemon.api;

import dev.versiond.daemon.IoReason;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secret that the mutating endpoints require as {@code Authorization: Bearer <token>}. Never printed:
 * {@link #toString()} is masked. Compared in constant time, over SHA-256 digests so the length leaks too.
 */
public final class BearerToken {
    private static final Logger LOG = LoggerFactory.getLogger(BearerToken.class);
    private static final Set<PosixFilePermission> TOO_OPEN = Set.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.OTHERS_READ);

    private final byte[] digest;

    private BearerToken(String token) {
        this.digest = sha256(token);
    }

    /** A token given directly (tests). */
    public static BearerToken of(String token) {
        if (token.isBlank()) {
            throw new IllegalArgumentException("empty token");
        }
        return new BearerToken(token.trim());
    }

    /**
     * Reads the token from a file (surrounding whitespace trimmed). Warns when others than its owner may read it.
     *
     * @throws VersiondException ({@link ErrorCode#CONFIG}) if the file cannot be read or is empty
     */
    public static BearerToken read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new VersiondException(ErrorCode.CONFIG, "token-file: cannot read " + file + ": " + IoReason.of(e), e);
        }
        if (text.isEmpty()) {
            throw new VersiondException(ErrorCode.CONFIG, "token-file: " + file + " is empty");
        }
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                if (perms.stream().anyMatch(TOO_OPEN::contains)) {
                    LOG.warn("token file {} is readable by its group or by others; restrict it (chmod 600)", file);
                }
            } catch (IOException e) {
                LOG.debug("cannot check the permissions of {}: {}", file, e.toString());
            }
        }
        return new BearerToken(text);
    }

    /** Whether {@code presented} is this token, in time independent of where they differ. */
    public boolean matches(String presented) {
        return MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "BearerToken[****]";
    }
}
