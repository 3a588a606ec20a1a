package dev.versiond.daemon.cli;

import dev.versiond.daemon.api.FleetViews;
import dev.versiond.daemon.config.AgentConfig;
import dev.versiond.daemon.fleet.StatusPublisher;
import dev.versiond.daemon.reconcile.Agent;
import dev.versiond.daemon.reconcile.PassListener;
import java.util.Objects;

/**
 * How {@code versiond run} opens the engine: given the configuration, the listener that feeds the
 * metrics and the notifications, and the one that counts host status pushes, take the state directory's lock, open the store, and return the agent with what closes it.
 * Called once, before the HTTP server starts; a {@link dev.versiond.spec.VersiondException} thrown here
 * (e.g. {@code LOCKED}) ends the command with that error's exit code.
 */
@FunctionalInterface
public interface AgentFactory {

    Running open(AgentConfig config, PassListener listener, StatusPublisher.PushListener pushes);

    /** The real engine, as {@code versiond run} opens it (the fleet simulation opens many in one JVM). */
    static AgentFactory engine() {
        return EngineAgentFactory.INSTANCE;
    }

    /**
     * An opened engine.
     *
     * @param onStopRequested run first at SIGTERM: asks a running pass to end after its current step
     * @param fleet the fleet view {@code GET /fleet} serves, read from the status repository
     * @param onShutdown run once at SIGTERM, after polling has stopped (or its grace ran out) and the HTTP
     *     server is down: closes the store and releases the lock
     */
    record Running(Agent agent, Runnable onStopRequested, Runnable onShutdown, FleetViews fleet) {
        public Running {
            Objects.requireNonNull(agent, "agent");
            Objects.requireNonNull(onStopRequested, "onStopRequested");
            Objects.requireNonNull(onShutdown, "onShutdown");
            Objects.requireNonNull(fleet, "fleet");
        }

        /** An engine without host status in Git: {@code GET /fleet} says it is off. */
        public Running(Agent agent, Runnable onStopRequested, Runnable onShutdown) {
            this(agent, onStopRequested, onShutdown, FleetViews.OFF);
        }

        /** An engine with nothing to interrupt. */
        public Running(Agent agent, Runnable onShutdown) {
            this(agent, () -> { }, onShutdown);
        }
    }
}
