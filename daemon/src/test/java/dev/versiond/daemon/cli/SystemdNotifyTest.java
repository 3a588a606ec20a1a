package dev.versiond.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemdNotifyTest {

    @Test
    void withoutNotifySocketNothingIsSent() {
        assertThat(SystemdNotify.fromEnvironment(Map.of(), "systemd-notify")).isEmpty();
    }

    @Test
    void watchdogIsPettedAtHalfItsTimeoutAndOnlyForThisProcess() {
        assertThat(SystemdNotify.watchdogInterval(Map.of("WATCHDOG_USEC", "30000000"), 42))
                .contains(Duration.ofSeconds(15));
        assertThat(SystemdNotify.watchdogInterval(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "42"), 42))
                .contains(Duration.ofSeconds(15));
        assertThat(SystemdNotify.watchdogInterval(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "7"), 42)).isEmpty();
        assertThat(SystemdNotify.watchdogInterval(Map.of("WATCHDOG_USEC", "0"), 42)).isEmpty();
        assertThat(SystemdNotify.watchdogInterval(Map.of(), 42)).isEmpty();
    }

    @Test
    void messagesArriveOnTheNotifySocketInOrder(@TempDir Path dir) throws Exception {
        try (NotifySocketServer systemd = new NotifySocketServer(dir);
             SystemdNotify notify = SystemdNotify.fromEnvironment(Map.of("NOTIFY_SOCKET", systemd.path()),
                     "systemd-notify").orElseThrow()) {

            notify.send("READY=1").get(10, TimeUnit.SECONDS);
            notify.status("idle; last pass applied:\napp 1.2.0 -> 1.3.0").get(10, TimeUnit.SECONDS);
            notify.send("WATCHDOG=1").get(10, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(10)).until(() -> systemd.messages().size() >= 3);
            assertThat(systemd.messages()).containsExactly("READY=1",
                    "STATUS=idle; last pass applied: app 1.2.0 -> 1.3.0", "WATCHDOG=1");
            // systemd-notify waited for the receiver after each message (sd_notify_barrier).
            assertThat(systemd.barriers()).isEqualTo(3);
        }
    }
}
