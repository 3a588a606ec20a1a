package dev.versiond.daemon.cli;

import dev.versiond.daemon.config.AgentConfig;
import dev.versiond.daemon.plan.HostIdentity;
import dev.versiond.daemon.reconcile.Engine;
import dev.versiond.daemon.reconcile.EngineAgent;
import dev.versiond.daemon.reconcile.PassListener;
import dev.versiond.daemon.fleet.StatusPublisher;
import dev.versiond.daemon.fleet.StatusReporting;
import dev.versiond.daemon.reconcile.FleetStatus;
import dev.versiond.daemon.reconcile.PassOutcome;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Arrays;

/** The real engine behind {@code versiond run}: the agent's configuration turned into an open engine. */
final class EngineAgentFactory implements AgentFactory {
    static final EngineAgentFactory INSTANCE = new EngineAgentFactory();

    @Override
    public Running open(AgentConfig config, PassListener listener, StatusPublisher.PushListener pushes) {
        Clock clock = Clock.systemUTC();
        Optional<StatusReporting> reporting = config.status()
                .map(s -> StatusReporting.open(s, config.stateDir(), config.host(), clock));
        Engine engine;
        try {
            engine = Engine.open(new Engine.Options(config.repo(), config.ref(), config.path().orElse(""),
                    config.stateDir(), config.root(), new HostIdentity(config.host(), config.labels()),
                    Arrays.asList(config.systemctl().trim().split("\\s+")), config.allowNonDescendant(), false,
                    config.credentials(), config.signatures(), config.secretsDir(), config.allowedRoots(),
                    config.fetchLimits(), config.databasesFile(), config.maxCommitAge()), clock, reporting.map(StatusReporting::fleet).orElse(FleetStatus.NONE));
        } catch (RuntimeException e) {
            reporting.ifPresent(StatusReporting::close);
            throw e;
        }
        try {
            AtomicReference<Optional<StatusPublisher>> publisher = new AtomicReference<>(Optional.empty());
            PassListener toPublisher = new PassListener() {
                @Override
                public void passFinished(PassOutcome outcome, Duration duration) {
                    publisher.get().ifPresent(p -> p.passFinished(outcome, duration));
                }
            };
            PassListener both = PassListener.all(List.of(listener, toPublisher));
            EngineAgent agent = new EngineAgent(engine, clock, both,
                    () -> reporting.flatMap(StatusReporting::push));
            reporting.ifPresent(r -> {
                StatusPublisher p = r.publisher(agent::status, pushes);
                publisher.set(Optional.of(p));
                p.start();
            });
            return new Running(agent, agent::requestStop, () -> {
                try {
                    reporting.ifPresent(StatusReporting::close);
                } finally {
                    engine.close();
                }
            }, target -> reporting.map(r -> r.view(target)));
        } catch (RuntimeException e) {
            reporting.ifPresent(StatusReporting::close);
            engine.close();
            throw e;
        }
    }
}
