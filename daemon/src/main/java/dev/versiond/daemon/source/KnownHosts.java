package dev.versiond.daemon.source;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one {@code known_hosts} file the agent checks SSH host keys against. A host with no entry is
 * refused unless trust on first use is configured, in which case its key is appended to the file; a
 * host whose key differs from a recorded one, or matches a {@code @revoked} line, is always refused.
 * The reason of the last refusal is kept so the poll's error can say it.
 */
final class KnownHosts implements ServerKeyDatabase {
    private static final Logger LOG = LoggerFactory.getLogger(KnownHosts.class);
    private static final int SSH_PORT = 22;

    private final Path file;
    private final boolean acceptNew;
    private volatile Optional<String> lastRefusal = Optional.empty();

    KnownHosts(Path file, boolean acceptNew) {
        this.file = file;
        this.acceptNew = acceptNew;
    }

    @Override
    public List<PublicKey> lookup(String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
        HostPort target = HostPort.parse(connectAddress, remoteAddress);
        List<PublicKey> keys = new ArrayList<>();
        for (KnownHostEntry entry : entries()) {
            if (entry.getMarker() == null && entry.isHostMatch(target.host(), target.port())) {
                key(entry).ifPresent(keys::add);
            }
        }
        return keys;
    }

    @Override
    public boolean accept(String connectAddress, InetSocketAddress remoteAddress, PublicKey serverKey,
                          Configuration config, CredentialsProvider provider) {
        HostPort target = HostPort.parse(connectAddress, remoteAddress);
        String fingerprint = KeyUtils.getFingerPrint(serverKey);
        boolean recorded = false;
        for (KnownHostEntry entry : entries()) {
            if (!entry.isHostMatch(target.host(), target.port())) {
                continue;
            }
            Optional<PublicKey> key = key(entry);
            boolean same = key.isPresent() && KeyUtils.compareKeys(key.get(), serverKey);
            if ("revoked".equals(entry.getMarker())) {
                if (same) {
                    return refuse("the host key of " + target + " (" + fingerprint + ") is marked @revoked in " + file);
                }
                continue;
            }
            if (entry.getMarker() != null) {
                continue; // @cert-authority: host certificates are not used
            }
            if (same) {
                lastRefusal = Optional.empty();
                return true;
            }
            recorded = true;
        }
        if (recorded) {
            return refuse("the host key of " + target + " has changed: the server presents " + fingerprint
                    + ", which is not the key recorded in " + file + " (a man in the middle, or a re-keyed server:"
                    + " check, then update the file)");
        }
        if (!acceptNew) {
            return refuse("unknown host key for " + target + " (" + fingerprint + "): it is not in " + file
                    + "; add it (ssh-keyscan) or set accept-new-host-keys to trust it on first use");
        }
        try {
            String line = target.pattern() + " " + PublicKeyEntry.toString(serverKey) + System.lineSeparator();
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, line, StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            return refuse("cannot record the new host key of " + target + " in " + file + ": " + e.getMessage());
        }
        LOG.warn("trusted the new host key {} of {} on first use; recorded in {}", fingerprint, target, file);
        lastRefusal = Optional.empty();
        return true;
    }

    private boolean refuse(String reason) {
        lastRefusal = Optional.of(reason);
        LOG.warn("{}", reason);
        return false;
    }

    void forgetRefusal() {
        lastRefusal = Optional.empty();
    }

    /** Why the last host key was refused, if the last check refused one. */
    Optional<String> lastRefusal() {
        return lastRefusal;
    }

    private List<KnownHostEntry> entries() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return KnownHostEntry.readKnownHostEntries(file);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot read {}: {}", file, e.getMessage());
            return List.of();
        }
    }

    private static Optional<PublicKey> key(KnownHostEntry entry) {
        try {
            return Optional.ofNullable(entry.getKeyEntry())
                    .map(KnownHosts::resolve);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static PublicKey resolve(PublicKeyEntry entry) {
        try {
            return entry.resolvePublicKey(null, null, PublicKeyEntryResolver.IGNORING);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The host as {@code known_hosts} names it: {@code host} on port 22, {@code [host]:port} otherwise. */
    private record HostPort(String host, int port) {
        static HostPort parse(String connectAddress, InetSocketAddress remote) {
            String address = connectAddress == null ? "" : connectAddress.strip();
            if (address.startsWith("[")) {
                int close = address.indexOf(']');
                String host = address.substring(1, close);
                int port = close + 2 <= address.length() && address.charAt(close + 1) == ':'
                        ? Integer.parseInt(address.substring(close + 2)) : SSH_PORT;
                return new HostPort(host, port);
            }
            int colon = address.lastIndexOf(':');
            if (colon > 0 && address.indexOf(':') == colon && address.substring(colon + 1).chars().allMatch(Character::isDigit)
                    && colon + 1 < address.length()) {
                return new HostPort(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
            }
            if (address.isEmpty() && remote != null) {
                return new HostPort(remote.getHostString(), remote.getPort());
            }
            return new HostPort(address, remote != null ? remote.getPort() : SSH_PORT);
        }

        String pattern() {
            return port == SSH_PORT ? host : "[" + host + "]:" + port;
        }

        @Override
        public String toString() {
            return pattern();
        }
    }
}
