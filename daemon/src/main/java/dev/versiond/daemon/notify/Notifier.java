package dev.versiond.daemon.notify;

import dev.versiond.daemon.IoReason;
import dev.versiond.daemon.reconcile.AgentStatus;
import dev.versiond.daemon.reconcile.PassListener;
import dev.versiond.daemon.reconcile.PassReport;
import dev.versiond.daemon.secret.HmacSha256;
import dev.versiond.daemon.state.ChangeRecord;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the configured sinks what each pass changed. On the pass's thread it only derives the events and
 * queues the requests (microseconds, never blocking, never throwing into the pass); sending, retrying and
 * giving up happen on each sink's own thread.
 */
public final class Notifier implements PassListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    private final EventDeriver deriver = new EventDeriver();
    private final List<SinkWorker> workers;
    private final Clock clock;

    Notifier(List<Sink> sinks, Delivery delivery, DeliveryCounter counter, Clock clock) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(delivery.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        List<SinkWorker> w = new ArrayList<>();
        for (Sink sink : sinks) {
            w.add(new SinkWorker(sink, client, delivery, counter, clock));
        }
        this.workers = List.copyOf(w);
        this.clock = clock;
    }

    /**
     * The notifier of {@code settings}, with the default delivery.
     *
     * @throws VersiondException ({@link ErrorCode#CONFIG}) if the webhook's secret file cannot be read or is empty
     */
    public static Notifier of(NotifySettings settings, DeliveryCounter counter, Clock clock) {
        return of(settings, Delivery.defaults(settings.perMinute()), counter, clock);
    }

    /** The notifier of {@code settings}, delivering as {@code delivery} says. */
    public static Notifier of(NotifySettings settings, Delivery delivery, DeliveryCounter counter, Clock clock) {
        List<Sink> sinks = new ArrayList<>();
        settings.webhook().ifPresent(url -> sinks.add(new WebhookSink(url,
                new HmacSha256(secret(settings.webhookSecretFile().orElseThrow())), delivery.requestTimeout())));
        settings.alertmanager().ifPresent(url -> sinks.add(new AlertmanagerSink(url, delivery.requestTimeout())));
        Notifier n = new Notifier(sinks, delivery, counter, clock);
        n.workers.forEach(w -> LOG.info("notifications go to {} {}", w.sink().name(), w.sink().display()));
        return n;
    }

    private static byte[] secret(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (s.isEmpty()) {
                throw new VersiondException(ErrorCode.CONFIG, "notify-webhook-secret-file " + file + ": empty");
            }
            return s.getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new VersiondException(ErrorCode.CONFIG, "notify-webhook-secret-file " + file + ": cannot read it: "
                    + IoReason.of(e), e);
        }
    }

    /** The pass's rollbacks and downgrades, told before {@link #passSettled} on the pass's thread; guarded by {@link #deriver}. */
    private final List<ChangeRecord> timed = new ArrayList<>();

    @Override
    public void reversalTimed(ChangeRecord reversal) {
        synchronized (deriver) {
            timed.add(reversal);
        }
    }

    @Override
    public void passSettled(PassReport report, AgentStatus after) {
        try {
            List<Event> changes;
            List<Event> firing;
            synchronized (deriver) {
                List<ChangeRecord> reversals = List.copyOf(timed);
                timed.clear();
                changes = deriver.next(report, after, reversals, clock.instant());
                firing = deriver.open();
            }
            for (SinkWorker w : workers) {
                w.sink().requests(changes, firing).forEach(w::offer);
            }
        } catch (RuntimeException e) {
            // A notification must never fail a pass: say so and go on.
            LOG.warn("notifications for this pass not sent: {}", e.toString());
        }
    }

    /** Stops every sink's delivery thread. */
    @Override
    public void close() {
        workers.forEach(SinkWorker::close);
    }
}
