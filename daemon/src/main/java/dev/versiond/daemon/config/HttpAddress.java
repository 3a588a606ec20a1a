package dev.versiond.daemon.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Where the HTTP API listens. Port 0 asks the operating system for a free port (tests, demos).
 *
 * @param host an IP address or host name; IPv6 literals without brackets
 */
public record HttpAddress(String host, int port) {
    public HttpAddress {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host is empty");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** Reads {@code HOST:PORT} or {@code [IPV6]:PORT}; empty if it is neither. */
    public static Optional<HttpAddress> parse(String text) {
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        if (colon <= 0 || colon == t.length() - 1) {
            return Optional.empty();
        }
        String host = t.substring(0, colon);
        String port = t.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            return Optional.empty();
        }
        if (host.isBlank() || !port.matches("\\d{1,5}") || Integer.parseInt(port) > 65_535) {
            return Optional.empty();
        }
        return Optional.of(new HttpAddress(host, Integer.parseInt(port)));
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
