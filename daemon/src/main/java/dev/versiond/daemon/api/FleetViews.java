package dev.versiond.daemon.api;

import dev.versiond.daemon.fleet.FleetView;
import java.util.Optional;

/** What {@code GET /fleet} serves: the fleet view read from the status repository, when host status in Git is on. */
@FunctionalInterface
public interface FleetViews {
    /** Host status in Git is off: there is no fleet to show. */
    FleetViews OFF = target -> Optional.empty();

    /** The fleet (only {@code target}'s hosts and rollouts when given); empty when status is off. */
    Optional<FleetView> read(Optional<String> target);
}
