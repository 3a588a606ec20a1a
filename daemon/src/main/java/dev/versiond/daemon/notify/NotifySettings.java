package dev.versiond.daemon.notify;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where notifications go ({@code notify-*} keys of the agent's configuration).
 *
 * @param webhook the generic webhook's URL
 * @param webhookSecretFile the file holding the webhook's HMAC secret (required with {@code webhook})
 * @param alertmanager the Alertmanager's base URL ({@code http://host:9093})
 * @param perMinute requests per minute per sink at most
 */
public record NotifySettings(Optional<URI> webhook, Optional<Path> webhookSecretFile, Optional<URI> alertmanager,
                             int perMinute) {
    public static final int DEFAULT_PER_MINUTE = Delivery.DEFAULT_PER_MINUTE;

    public NotifySettings {
        Objects.requireNonNull(webhook, "webhook");
        Objects.requireNonNull(webhookSecretFile, "webhookSecretFile");
        Objects.requireNonNull(alertmanager, "alertmanager");
        if (webhook.isPresent() && webhookSecretFile.isEmpty()) {
            throw new IllegalArgumentException("a webhook needs its secret file");
        }
        if (perMinute < 1) {
            throw new IllegalArgumentException("perMinute must be positive: " + perMinute);
        }
    }

    /** No sink configured. */
    public static NotifySettings none() {
        return new NotifySettings(Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_PER_MINUTE);
    }

    public boolean any() {
        return webhook.isPresent() || alertmanager.isPresent();
    }
}
