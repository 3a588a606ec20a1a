package dev.versiond.daemon.source;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A remote as configured: the address JGit is given, and a form safe to print. A plain path to a
 * repository becomes a {@code file:} URI; credentials ({@code user:password@}) never reach a message.
 *
 * @param uri what the transport opens
 * @param display {@link #uri} without its user information, for messages and logs
 */
record RemoteUrl(String uri, String display) {

    /** {@code scheme://userinfo@} — the user part alone may be a token (https://TOKEN@host). */
    private static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/@\\s]+@");

    RemoteUrl {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(display, "display");
    }

    static RemoteUrl of(String configured) {
        Objects.requireNonNull(configured, "url");
        String trimmed = configured.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("the source url is empty");
        }
        String uri = trimmed.contains("://") ? trimmed : localPathOrAsIs(trimmed);
        return new RemoteUrl(uri, redact(uri));
    }

    /** A plain path that exists is a local repository; anything else (scp-like {@code git@host:repo}) goes to JGit as is. */
    private static String localPathOrAsIs(String value) {
        try {
            Path path = Path.of(value);
            if (Files.exists(path)) {
                return path.toAbsolutePath().normalize().toUri().toString();
            }
        } catch (InvalidPathException e) {
            // not a path on this system: an scp-like address or a typo that the transport will report
        }
        return value;
    }

    /** Removes the user information of every URL in a text, e.g. a library's error message. */
    static String redact(String text) {
        return text == null ? "" : USER_INFO.matcher(text).replaceAll("$1");
    }

    /** A text about this remote made safe to print: its URL shown redacted, any other URL redacted. */
    String scrub(String text) {
        return redact(text == null ? "" : text.replace(uri, display));
    }
}
