package dev.versiond.daemon.state;

import java.util.Optional;

/**
 * A component's move in one pass.
 *
 * @param kind upgrade, downgrade, converge (config files), heal (drift corrected), baseline, repair, rollback
 */
public record ChangeRecord(String component, Optional<String> from, Optional<String> to, String kind) {
}
