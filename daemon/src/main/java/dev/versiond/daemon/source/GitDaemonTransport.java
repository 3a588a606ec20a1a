package dev.versiond.daemon.source;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.Collection;
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
 * It speaks protocol v0 (the server advertises its refs at once), fetch only.
 */
final class GitDaemonTransport extends TcpTransport implements PackTransport {
    private static final int DEFAULT_PORT = 9418;

    GitDaemonTransport(Repository local, URIish uri) {
        super(local, uri);
    }

    static boolean handles(URIish uri) {
        return "git".equals(uri.getScheme());
    }

    @Override
    public FetchConnection openFetch() throws TransportException {
        return new Fetch();
    }

    @Override
    public FetchConnection openFetch(Collection<RefSpec> refSpecs, String... additionalPatterns)
            throws TransportException {
        // Protocol v0 advertises every ref; there is nothing to narrow.
        return new Fetch();
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

    /** git-daemon's request line: the service, the path, and the host it was asked by. */
    private String request() {
        StringBuilder line = new StringBuilder("git-upload-pack ").append(uri.getPath()).append('\0');
        line.append("host=").append(uri.getHost());
        if (uri.getPort() > 0 && uri.getPort() != DEFAULT_PORT) {
            line.append(':').append(uri.getPort());
        }
        return line.append('\0').toString();
    }

    private final class Fetch extends BasePackFetchConnection {
        private final Socket socket;

        Fetch() throws TransportException {
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
                readAdvertisedRefs();
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
