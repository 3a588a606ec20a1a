package dev.versiond.daemon.source;

import dev.versiond.spec.VersiondException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.Transport;

/**
 * Lists refs over a Git transport in one round trip. The names become the {@code ref-prefix}
 * arguments of a protocol v2 {@code ls-refs} (JGit's {@code git://}, {@code ssh://} and
 * {@code https://} clients ask for v2 by default, and {@link GitDaemonTransport} does too), so the
 * server sends only those refs; a v0 server sends all of them and the answer is cut to the names
 * here.
 */
final class TransportRefLister implements RefLister {
    private final Supplier<Transport> transports;
    private final BiFunction<String, Throwable, VersiondException> failure;

    /**
     * @param transports opens a configured transport to the remote (closed after each listing)
     * @param failure turns a library failure into the source's error, naming the remote safely
     */
    TransportRefLister(Supplier<Transport> transports, BiFunction<String, Throwable, VersiondException> failure) {
        this.transports = transports;
        this.failure = failure;
    }

    @Override
    public List<ListedRef> list(Collection<String> names) {
        List<RefSpec> wanted = names.stream().map(TransportRefLister::spec).toList();
        Map<String, Ref> refs;
        try (Transport transport = transports.get(); FetchConnection connection = transport.openFetch(wanted)) {
            refs = connection.getRefsMap();
        } catch (VersiondException e) {
            throw e;
        } catch (Exception e) {
            throw failure.apply("ls-remote", e);
        }
        TreeMap<String, ListedRef> found = new TreeMap<>();
        for (Ref ref : refs.values()) {
            if (ref.getObjectId() != null && names.stream().anyMatch(name -> matches(name, ref.getName()))) {
                found.put(ref.getName(), new ListedRef(ref.getName(), ref.getObjectId().name()));
            }
        }
        return List.copyOf(found.values());
    }

    /**
     * JGit sends a spec's source as the ref-prefix, cut before a {@code *} (a wildcard source needs a
     * wildcard destination; nothing is ever fetched into it).
     */
    private static RefSpec spec(String name) {
        return new RefSpec(name.endsWith("/") ? name + "*:" + name + "*" : name);
    }

    static boolean matches(String name, String ref) {
        return name.endsWith("/") ? ref.startsWith(name) : ref.equals(name);
    }
}
