package dev.versiond.daemon.source;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.BasePackFetchConnection;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.PackTransport;
import org.eclipse.jgit.transport.PushConnection;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TcpTransport;
import org.eclipse.jgit.transport.URIish;

/**
 * Fetching over {@code git://} with a read timeout that works.
 *
 * <p>JGit's own {@code git://} transport enforces its timeout by interrupting the reading thread,
 * and since Java 13 a thread blocked reading a {@link Socket} ignores interrupts: a remote that
 * accepts the connection and then says nothing hangs a poll forever. This transport sets the
 * timeout on the socket itself, so every stalled read fails after {@link #getTimeout()} seconds.
 * It asks for protocol v2 as git's own client does (the {@code version=2} extra parameter of
 * git-daemon's request line), so a poll's {@code ls-refs} names the refs it wants and the server
 * sends only those; a server without v2 ignores the parameter and advertises every ref (v0), which
 * JGit reads as before. Fetch only.
 */
final class GitDaemonTransport extends TcpTransport implements PackTransport {
    private static final int DEFAULT_PORT = 9418;
    private static final String VERSION_2 = "version=2";

    GitDaemonTransport(Repository local, URIish uri) {
        super(local, uri);
    }

    static boolean handles(URIish uri) {
        return "git".equals(uri.getScheme());
    }

    @Override
    public FetchConnection openFetch() throws TransportException {
        return new Fetch(List.of());
    }

    @Override
    public FetchConnection openFetch(Collection<RefSpec> refSpecs, String... additionalPatterns)
            throws TransportException {
        return new Fetch(refSpecs, additionalPatterns);
    }

    @Override
    public PushConnection openPush() throws NotSupportedException {
        throw new NotSupportedException("versiond never pushes to " + uri);
    }

    @Override
    public void close() {
        // Each connection owns its socket.
    }

    private int timeoutMillis() {
        return getTimeout() > 0 ? Math.multiplyExact(getTimeout(), 1000) : 0;
    }

    private Socket connect() throws TransportException {
        int port = uri.getPort() > 0 ? uri.getPort() : DEFAULT_PORT;
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(InetAddress.getByName(uri.getHost()), port), timeoutMillis());
            socket.setSoTimeout(timeoutMillis());
            return socket;
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            String reason = e instanceof UnknownHostException ? "unknown host " + uri.getHost() : e.getMessage();
            throw new TransportException(uri, reason, e);
        }
    }

    /**
     * git-daemon's request line: the service, the path, the host it was asked by, and after a second
     * NUL the extra parameter asking for protocol v2 (git-daemon passes it on as GIT_PROTOCOL).
     */
    private String request() {
        StringBuilder line = new StringBuilder("git-upload-pack ").append(uri.getPath()).append('\0');
        line.append("host=").append(uri.getHost());
        if (uri.getPort() > 0 && uri.getPort() != DEFAULT_PORT) {
            line.append(':').append(uri.getPort());
        }
        return line.append('\0').append('\0').append(VERSION_2).append('\0').toString();
    }

    private final class Fetch extends BasePackFetchConnection {
        private final Socket socket;

        Fetch(Collection<RefSpec> refSpecs, String... additionalPatterns) throws TransportException {
            super(GitDaemonTransport.this);
            socket = connect();
            try {
                init(new BufferedInputStream(socket.getInputStream()),
                        new BufferedOutputStream(socket.getOutputStream()));
                pckOut.writeString(request());
                pckOut.flush();
            } catch (IOException e) {
                close();
                throw new TransportException(uri, "the remote hung up: " + e.getMessage(), e);
            }
            try {
                if (!readAdvertisedRefs()) {
                    lsRefs(refSpecs, additionalPatterns);
                }
            } catch (TransportException e) {
                close();
                throw e;
            }
        }

        @Override
        public void close() {
            super.close();
            try {
                socket.close();
            } catch (IOException e) {
                // closing after the exchange; nothing left to lose
            }
        }
    }
}
