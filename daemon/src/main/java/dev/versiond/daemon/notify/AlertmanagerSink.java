package dev.versiond.daemon.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versiond.daemon.source.Credentials;
import dev.versiond.daemon.state.Reason;
import dev.versiond.spec.ErrorCode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Alertmanager's API v2 ({@code POST <base>/api/v2/alerts}), as Prometheus talks to it: after every pass
 * with an open problem, each open problem is posted again as a firing alert (no {@code endsAt}, so
 * Alertmanager keeps it for its {@code resolve_timeout}, 5 minutes by default: longer than a poll), and a
 * problem a pass showed gone is posted with {@code endsAt} now, which resolves it at once. A notice
 * ({@link EventKind#RTO_EXCEEDED}) is posted once, firing, with the pass that found it: not posted again,
 * Alertmanager resolves it after its {@code resolve_timeout}. Its annotations add {@code duration_seconds}
 * and {@code rto_seconds}.
 *
 * <p>Labels, for a routing tree: {@code alertname} ({@code VersiondRolledBack}, …), {@code severity}
 * ({@code critical}, {@code warning}), {@code host}, {@code component} (empty for host-level problems),
 * {@code reason} (the typed reason word, or the error code of a failed pass), {@code source="versiond"},
 * and the host's own labels ({@code env}, {@code role}, …, with characters Prometheus does not allow in a
 * label name turned into {@code _}; they never replace the ones above). The versions, commit, signer and
 * pass id are annotations: they change without making it another alert.
 */
final class AlertmanagerSink implements Sink {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NOT_LABEL_CHAR = Pattern.compile("[^A-Za-z0-9_]");
    private static final List<String> OWN = List.of("alertname", "severity", "host", "component", "reason", "source");

    private final URI base;
    private final URI alerts;
    private final Duration timeout;

    /** @param base the Alertmanager's address, e.g. {@code http://alertmanager:9093} */
    AlertmanagerSink(URI base, Duration timeout) {
        this.base = base;
        String b = base.toString();
        this.alerts = URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + "/api/v2/alerts");
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "alertmanager";
    }

    @Override
    public String display() {
        return Credentials.removedFrom(base.toString());
    }

    @Override
    public List<HttpRequest> requests(List<Event> changes, List<Event> firing) {
        List<Event> resolved = changes.stream().filter(Event::resolves).toList();
        List<Event> notices = changes.stream().filter(e -> e.kind().notice()).toList();
        if (firing.isEmpty() && resolved.isEmpty() && notices.isEmpty()) {
            return List.of();
        }
        ArrayNode body = JSON.createArrayNode();
        for (Event e : firing) {
            body.add(alert(e, false));
        }
        for (Event e : notices) {
            body.add(alert(e, false));
        }
        for (Event e : resolved) {
            body.add(alert(e, true));
        }
        return List.of(HttpRequest.newBuilder(alerts).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "versiond")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toString().getBytes(StandardCharsets.UTF_8)))
                .build());
    }

    static ObjectNode alert(Event e, boolean resolved) {
        ObjectNode a = JSON.createObjectNode();
        ObjectNode labels = a.putObject("labels");
        List<String> taken = new ArrayList<>(OWN);
        e.labels().forEach((k, v) -> {
            String name = NOT_LABEL_CHAR.matcher(k).replaceAll("_");
            if (Character.isDigit(name.charAt(0))) {
                name = "_" + name;
            }
            if (!taken.contains(name) && !name.startsWith("__")) {
                taken.add(name);
                labels.put(name, v);
            }
        });
        labels.put("alertname", e.problem().alertName());
        labels.put("severity", e.problem().severity());
        labels.put("host", e.host());
        labels.put("component", e.component().orElse(""));
        labels.put("reason", e.reason().map(Reason::word).or(() -> e.error().map(ErrorCode::name)
                .map(c -> c.toLowerCase(Locale.ROOT))).orElse(""));
        labels.put("source", "versiond");
        ObjectNode ann = a.putObject("annotations");
        ann.put("summary", e.summary());
        e.from().ifPresent(v -> ann.put("from", v));
        e.to().ifPresent(v -> ann.put("to", v));
        ann.put("state", e.state());
        e.commit().ifPresent(v -> ann.put("commit", v));
        e.signer().ifPresent(v -> ann.put("signer", v));
        e.passId().ifPresent(v -> ann.put("pass", String.valueOf(v)));
        e.took().ifPresent(d -> ann.put("duration_seconds", String.valueOf(d.toMillis() / 1000.0)));
        e.rto().ifPresent(d -> ann.put("rto_seconds", String.valueOf(d.toMillis() / 1000.0)));
        // A firing problem starts when it was found; a recovery's time is its end.
        a.put("startsAt", e.at().toString());
        if (resolved) {
            a.put("endsAt", e.at().toString());
        }
        return a;
    }
}
