package dev.versiond.daemon.fleet;

import dev.versiond.daemon.config.StatusConfig;
import dev.versiond.daemon.reconcile.AgentStatus;
import dev.versiond.daemon.reconcile.FleetStatus;
import dev.versiond.daemon.reconcile.StatusPush;
import dev.versiond.daemon.source.SourceOptions;
import dev.versiond.daemon.source.StatusRemote;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Host status in Git for one agent, opened from its configuration: the status repository, the
 * fleet status the reconciler gates waves on, and the publisher that pushes this host's reports.
 * Closing it stops the publisher and releases the repository.
 */
public final class StatusReporting implements AutoCloseable {
    private final StatusConfig config;
    private final StatusRemote remote;
    private final RefFleetStatus fleet;
    private final String host;
    private final Clock clock;
    private Optional<StatusPublisher> publisher = Optional.empty();

    private StatusReporting(StatusConfig config, StatusRemote remote, String host, Clock clock) {
        this.config = config;
        this.remote = remote;
        this.host = host;
        this.clock = clock;
        // The one place the ref listing is chosen: the status remote's protocol v2 ls-refs.
        this.fleet = new RefFleetStatus(remote::listRefs, remote, host, config.hostSigners());
    }

    public static StatusReporting open(StatusConfig config, Path stateDir, String host, Clock clock) {
        return new StatusReporting(config, StatusRemote.open(config.repo(), stateDir, config.credentials(),
                config.signingKey(), SourceOptions.DEFAULT_TIMEOUT), host, clock);
    }

    public FleetStatus fleet() {
        return fleet;
    }

    /** The publisher of this host's reports (one per agent), reading the status from {@code status}. */
    public synchronized StatusPublisher publisher(Supplier<AgentStatus> status, StatusPublisher.PushListener listener) {
        if (publisher.isEmpty()) {
            publisher = Optional.of(new StatusPublisher(remote, host, status, clock, config.heartbeat(), listener));
        }
        return publisher.get();
    }

    /** The fleet view from the status repository (only {@code target}'s hosts and rollouts when given). */
    public FleetView view(Optional<String> target) {
        return new FleetReader(remote).read(target);
    }

    /** Where publishing stands, once a publisher exists. */
    public synchronized Optional<StatusPush> push() {
        return publisher.map(StatusPublisher::state);
    }

    @Override
    public synchronized void close() {
        publisher.ifPresent(StatusPublisher::close);
        remote.close();
    }
}
