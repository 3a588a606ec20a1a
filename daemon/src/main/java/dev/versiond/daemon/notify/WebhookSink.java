package dev.versiond.daemon.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versiond.daemon.secret.HmacSha256;
import dev.versiond.daemon.source.Credentials;
import dev.versiond.daemon.state.Reason;
import dev.versiond.spec.ErrorCode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A generic webhook: one {@code POST} per event, its JSON body signed with HMAC-SHA256 under the shared
 * secret in {@value #SIGNATURE_HEADER} ({@code sha256=<hex>}, the form GitHub uses, so receivers can reuse
 * their check). The body:
 * <pre>{"event":"rolled_back","problem":"rolled_back","host":"web-01","labels":{"env":"prod"},
 *  "component":"app","from":"1.0.0","to":"1.1.0","state":"Blocked","reason":"failed-at-commit",
 *  "error":null,"summary":"...","commit":"9f3c...","signer":"4AEE...","passId":12,"at":"2026-..."}</pre>
 * An {@code rto_exceeded} notice adds {@code "durationSeconds"} (how long the rollback or downgrade took) and
 * {@code "rtoSeconds"} (its migration's rto). Only events are sent: a problem that persists is not repeated.
 */
final class WebhookSink implements Sink {
    static final String SIGNATURE_HEADER = "X-Versiond-Signature-256";
    static final String EVENT_HEADER = "X-Versiond-Event";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final HmacSha256 hmac;
    private final Duration timeout;

    WebhookSink(URI url, HmacSha256 hmac, Duration timeout) {
        this.url = url;
        this.hmac = hmac;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public String display() {
        return Credentials.removedFrom(url.toString());
    }

    @Override
    public List<HttpRequest> requests(List<Event> changes, List<Event> firing) {
        return changes.stream().map(this::request).toList();
    }

    private HttpRequest request(Event e) {
        byte[] body = body(e);
        return HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "versiond")
                .header(EVENT_HEADER, e.kind().word())
                .header(SIGNATURE_HEADER, "sha256=" + hmac.hex(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    static byte[] body(Event e) {
        ObjectNode n = JSON.createObjectNode();
        n.put("event", e.kind().word());
        n.put("problem", e.problem().word());
        n.put("host", e.host());
        ObjectNode labels = n.putObject("labels");
        e.labels().forEach(labels::put);
        n.put("component", e.component().orElse(null));
        n.put("from", e.from().orElse(null));
        n.put("to", e.to().orElse(null));
        n.put("state", e.state());
        n.put("reason", e.reason().map(Reason::word).orElse(null));
        n.put("error", e.error().map(ErrorCode::name).orElse(null));
        n.put("summary", e.summary());
        n.put("commit", e.commit().orElse(null));
        n.put("signer", e.signer().orElse(null));
        if (e.passId().isPresent()) {
            n.put("passId", e.passId().get());
        } else {
            n.putNull("passId");
        }
        n.put("at", e.at().toString());
        if (e.took().isPresent()) {
            n.put("durationSeconds", e.took().get().toMillis() / 1000.0);
        }
        if (e.rto().isPresent()) {
            n.put("rtoSeconds", e.rto().get().toMillis() / 1000.0);
        }
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }
}
