package dev.versiond.daemon.bench;

import dev.versiond.daemon.testing.GitDaemonProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code git daemon} (started with {@code --verbose}) has spent and served so far: the CPU of its
 * process tree from {@code /proc} (the wrapper {@code git} and {@code git-daemon} proper, whose reaped
 * children, one per connection with the upload-pack or receive-pack it ran, add to its cutime and
 * cstime), and its requests per service and repository, counted from its log.
 */
final class ServerMeter {
    private static final Pattern REQUEST = Pattern.compile("Request (upload-pack|receive-pack) for '/([^']*)'");

    private final GitDaemonProcess daemon;

    ServerMeter(GitDaemonProcess daemon) {
        this.daemon = daemon;
    }

    /** CPU ticks and requests so far. */
    record Sample(long ticks, Map<String, Long> requests) {
        long requests(String service, String repo) {
            return requests.getOrDefault(service + " " + repo, 0L);
        }

        Sample minus(Sample before) {
            Map<String, Long> delta = new TreeMap<>(requests);
            before.requests.forEach((k, v) -> delta.merge(k, -v, Long::sum));
            return new Sample(ticks - before.ticks, delta);
        }

        double cpuMillis() {
            return ProcStat.millis(ticks);
        }
    }

    /** Waits until the daemon serves no connection (so every child's CPU is reaped and counted), then samples. */
    Sample quietSample() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (daemonProper().children().findAny().isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(50);
        return sample();
    }

    Sample sample() throws IOException {
        ProcessHandle proper = daemonProper();
        long ticks = ProcStat.of(daemon.pid()).own() + (proper.pid() == daemon.pid() ? 0 : ProcStat.of(proper.pid()).total());
        return new Sample(ticks, requests());
    }

    private Map<String, Long> requests() {
        Map<String, Long> counts = new TreeMap<>();
        try {
            String log = Files.readString(daemon.log(), StandardCharsets.UTF_8);
            Matcher m = REQUEST.matcher(log);
            while (m.find()) {
                counts.merge(m.group(1) + " " + m.group(2), 1L, Long::sum);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counts;
    }

    /** {@code git daemon} is a wrapper whose child, git-daemon proper, forks a child per connection. */
    private ProcessHandle daemonProper() {
        ProcessHandle wrapper = ProcessHandle.of(daemon.pid()).orElseThrow();
        return wrapper.children().findFirst().orElse(wrapper);
    }
}
