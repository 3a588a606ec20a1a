package dev.versiond.daemon.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.RefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A Git smart-HTTP server (fetch only) on a loopback port that wants HTTP basic authentication with
 * one user and token, like a Git host's access token: {@code http://127.0.0.1:PORT/repo.git}. Built on
 * the JDK's HTTP server and JGit's {@link UploadPack}; plain HTTP, which is what the credentials code
 * sees for HTTPS too once TLS is done.
 */
public final class TokenGitServer implements AutoCloseable {
    private final HttpServer server;
    private final Repository repository;
    private final String expected;
    private final AtomicInteger refused = new AtomicInteger();

    private TokenGitServer(HttpServer server, Repository repository, String expected) {
        this.server = server;
        this.repository = repository;
        this.expected = expected;
    }

    /** Serves the repository at {@code gitDirectory} to {@code user} with {@code token}. */
    public static TokenGitServer start(Path gitDirectory, String user, String token) {
        try {
            Repository repository = new FileRepositoryBuilder().setGitDir(gitDirectory.toFile()).setMustExist(true).build();
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            String expected = "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
            TokenGitServer git = new TokenGitServer(server, repository, expected);
            server.createContext("/repo.git/", git::handle);
            server.start();
            return git;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/repo.git";
    }

    /** How many requests were turned away for want of the right token. */
    public int refused() {
        return refused.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                refused.incrementAndGet();
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            String path = exchange.getRequestURI().getPath();
            UploadPack upload = new UploadPack(repository);
            upload.setBiDirectionalPipe(false);
            if (path.endsWith("/info/refs")) {
                exchange.getResponseHeaders().add("Content-Type", "application/x-git-upload-pack-advertisement");
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                PacketLineOut lines = new PacketLineOut(out);
                lines.writeString("# service=git-upload-pack\n");
                lines.end();
                upload.sendAdvertisedRefs(new RefAdvertiser.PacketLineOutRefAdvertiser(lines));
                out.flush();
            } else if (path.endsWith("/git-upload-pack")) {
                InputStream in = exchange.getRequestBody();
                if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                    in = new GZIPInputStream(in);
                }
                exchange.getResponseHeaders().add("Content-Type", "application/x-git-upload-pack-result");
                exchange.sendResponseHeaders(200, 0);
                upload.upload(in, exchange.getResponseBody(), null);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        repository.close();
    }
}
