package dev.versiond.daemon.cli;

import dev.versiond.daemon.IoReason;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells systemd how the service is doing ({@code sd_notify}): {@code READY=1}, {@code STATUS=…},
 * {@code WATCHDOG=1}, {@code STOPPING=1}. Only when {@code NOTIFY_SOCKET} is set.
 *
 * <p>The JDK cannot send on a Unix datagram socket, so each message is sent by running
 * {@code systemd-notify VAR=VALUE…}, which waits until systemd has processed it. Because the sender is then
 * a child process, not the main PID, the unit needs {@code NotifyAccess=all}. Messages go out one at a time,
 * in order, from one thread, so a slow send never holds up a pass.
 */
final class SystemdNotify implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SystemdNotify.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(5);

    private final String socket;
    private final List<String> command;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "versiond-notify");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean warned = new AtomicBoolean();
    private final Optional<Duration> watchdog;

    private SystemdNotify(String socket, List<String> command, Optional<Duration> watchdog) {
        this.socket = socket;
        this.command = List.copyOf(command);
        this.watchdog = watchdog;
    }

    /**
     * The notifier for this process, if systemd asked for notifications.
     *
     * @param command the {@code systemd-notify} program (a path or a name on the PATH)
     */
    static Optional<SystemdNotify> fromEnvironment(Map<String, String> env, String command) {
        String socket = env.get("NOTIFY_SOCKET");
        if (socket == null || socket.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new SystemdNotify(socket, List.of(command), watchdogInterval(env, ProcessHandle.current().pid())));
    }

    /** Half of {@code WATCHDOG_USEC}, if a watchdog is set for this process ({@code WATCHDOG_PID} absent or ours). */
    static Optional<Duration> watchdogInterval(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        String forPid = env.get("WATCHDOG_PID");
        if (usec == null || !usec.matches("\\d{1,18}") || Long.parseLong(usec) == 0
                || (forPid != null && !forPid.equals(Long.toString(pid)))) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(Long.parseLong(usec) * 1000 / 2));
    }

    /** How often to send {@code WATCHDOG=1}, if systemd watches this service. */
    Optional<Duration> watchdog() {
        return watchdog;
    }

    /** Queues a message; returns at once. */
    Future<?> send(String... assignments) {
        return sender.submit(() -> run(assignments));
    }

    /** Sends {@code STATUS=text}, on one line. */
    Future<?> status(String text) {
        String line = text.replaceAll("[\\r\\n]+", " ");
        return send("STATUS=" + (line.length() > 200 ? line.substring(0, 200) + "…" : line));
    }

    private void run(String... assignments) {
        List<String> argv = new ArrayList<>(command);
        argv.addAll(List.of(assignments));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().put("NOTIFY_SOCKET", socket);
        try {
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                warnOnce("systemd-notify did not finish within " + SEND_TIMEOUT.toSeconds() + "s");
            } else if (p.exitValue() != 0) {
                warnOnce("systemd-notify " + String.join(" ", assignments) + " exited " + p.exitValue() + ": " + output.strip());
            }
        } catch (IOException e) {
            warnOnce("cannot run " + command.get(0) + ": " + IoReason.of(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void warnOnce(String message) {
        if (warned.compareAndSet(false, true)) {
            LOG.warn("{} (further notification failures are logged at debug level)", message);
        } else {
            LOG.debug(message);
        }
    }

    /** Sends what is queued (waiting up to the send timeout), then stops. */
    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
