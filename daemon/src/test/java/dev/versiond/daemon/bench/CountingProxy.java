package dev.versiond.daemon.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/** A loopback TCP proxy in front of the daemon that counts the bytes it passes, both ways. */
final class CountingProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int target;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong closed = new AtomicLong();

    CountingProxy(int target) throws IOException {
        this.listener = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        this.target = target;
        Thread acceptor = new Thread(this::accept, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Bytes passed so far, both directions. */
    long bytes() {
        return bytes.get();
    }

    /** Bytes one call moved, both directions, once its connection closed. */
    long bytesOf(Callable<?> client) throws Exception {
        for (int i = 0; i < 5; i++) {
            client.call();
        }
        long before = bytes.get();
        long closedBefore = closed.get();
        client.call();
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (closed.get() < closedBefore + 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return bytes.get() - before;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                pump(client.getInputStream(), server.getOutputStream(), client, server);
                pump(server.getInputStream(), client.getOutputStream(), client, server);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(InputStream in, OutputStream out, Socket a, Socket b) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[65536];
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    bytes.addAndGet(n);
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // the other direction closed the sockets
            } finally {
                closed.incrementAndGet();
                try {
                    a.close();
                    b.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
