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
 * <p>{@link #withoutCredentials} is the one place URLs lose their credentials; everything that prints,
 * logs or records a repository URL goes through it (outside this package, via
 * {@link Credentials#removedFrom}).
 *
 * @param uri what the transport opens
 * @param display {@link #uri} without its user information, for messages and logs
 */
record RemoteUrl(String uri, String display) {

    /**
     * {@code scheme://userinfo@}: the user part alone may be a token ({@code https://TOKEN@host}), so all of
     * it goes, up to the last {@code @} before the path (an unescaped {@code @} in a password must not leave
     * the rest of the password behind).
     */
    private static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/\\s]*@");

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
        return new RemoteUrl(uri, withoutCredentials(uri));
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

    /**
     * The text with the user information of every {@code scheme://} URL in it removed: a URL
     * ({@code https://deploy:s3cret@host/x} → {@code https://host/x}) or a library's error message.
     *
     * <p>The user information goes whole, the user name too, for every scheme: in {@code https://TOKEN@host}
     * the user name is the credential, and {@code ssh://git@host/x} is not told apart from it. An scp-like
     * address ({@code git@host:ops/fleet.git}) is left as it is: its {@code git@} is the SSH account, and the
     * form has no place for a password.
     *
     * @param text a URL or any text; {@code null} gives the empty string
     */
    static String withoutCredentials(String text) {
        return text == null ? "" : USER_INFO.matcher(text).replaceAll("$1");
    }

    /** A text about this remote made safe to print: its URL shown redacted, any other URL redacted. */
    String scrub(String text) {
        return withoutCredentials(text == null ? "" : text.replace(uri, display));
    }
}
