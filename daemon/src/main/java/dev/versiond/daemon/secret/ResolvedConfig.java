package dev.versiond.daemon.secret;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A component's config with its secret references replaced by their values.
 *
 * @param config the values templates are rendered with
 * @param secrets the values that came from secrets, for the {@link Redactor}
 * @param references the references found, as written ({@code db.password: secretFile db-password}),
 *     never a value
 * @param problems why references could not be resolved; when any, the component must not be planned
 */
public record ResolvedConfig(Map<String, Object> config, Set<String> secrets, List<String> references,
                             List<String> problems) {
    public ResolvedConfig {
        Objects.requireNonNull(config, "config");
        secrets = Set.copyOf(secrets);
        references = List.copyOf(references);
        problems = List.copyOf(problems);
    }

    /** Whether the config references any secret (its renderings are then sensitive). */
    public boolean isSensitive() {
        return !references.isEmpty();
    }

    /** The first problem, for a blocked component's status. */
    public Optional<String> problem() {
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    public Redactor redactor() {
        return Redactor.of(secrets);
    }
}
