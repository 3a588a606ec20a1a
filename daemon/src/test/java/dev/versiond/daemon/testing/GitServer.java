package dev.versiond.daemon.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.Daemon;

/**
 * Serves repositories over the real {@code git://} protocol on 127.0.0.1, in process (JGit's
 * {@link Daemon}). {@link #stop()} simulates a remote outage; {@link #start()} again serves on the
 * same port, so a URL handed out before keeps working. Pushing is enabled.
 */
public final class GitServer implements AutoCloseable {
    private final Map<String, Path> repositories = new ConcurrentHashMap<>();
    private int port;
    private Daemon daemon;

    /** A stopped server; {@link #start()} picks a free port the first time. */
    public GitServer() {
    }

    /** Starts a server for one repository served as {@code name}. */
    public static GitServer serving(String name, GitFixture repository) {
        GitServer server = new GitServer();
        server.serve(name, repository.gitDirectory());
        server.start();
        return server;
    }

    /** Serves the repository at {@code gitDirectory} (a bare repository or a {@code .git}) as {@code name}. */
    public GitServer serve(String name, Path gitDirectory) {
        repositories.put(name, gitDirectory);
        return this;
    }

    /** Listens on loopback (the same port as before after a {@link #stop()}). */
    public synchronized GitServer start() {
        if (daemon != null) {
            return this;
        }
        Daemon started = new Daemon(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        started.getService("git-receive-pack").setEnabled(true);
        started.setRepositoryResolver((client, name) -> open(name));
        try {
            started.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
        port = started.getAddress().getPort();
        daemon = started;
        return this;
    }

    /** Stops listening and waits until the accepting thread is gone: new connections are refused. */
    public synchronized void stop() {
        if (daemon == null) {
            return;
        }
        try {
            daemon.stopAndWait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            daemon = null;
        }
    }

    /** The port, once started. */
    public synchronized int port() {
        if (port == 0) {
            throw new IllegalStateException("the server has not been started");
        }
        return port;
    }

    /** {@code git://127.0.0.1:<port>/<name>}. */
    public String url(String name) {
        return "git://127.0.0.1:" + port() + "/" + name;
    }

    @Override
    public void close() {
        stop();
    }

    private Repository open(String requested) throws RepositoryNotFoundException {
        String name = requested.startsWith("/") ? requested.substring(1) : requested;
        Path gitDirectory = repositories.get(name);
        if (gitDirectory == null) {
            throw new RepositoryNotFoundException(requested);
        }
        try {
            return new FileRepositoryBuilder().setGitDir(gitDirectory.toFile()).setMustExist(true).build();
        } catch (IOException e) {
            throw new RepositoryNotFoundException(requested, e);
        }
    }
}
