package dev.versiond.daemon.cli;

import dev.versiond.daemon.config.AgentConfig;
import dev.versiond.daemon.plan.HostIdentity;
import dev.versiond.daemon.reconcile.Engine;
import dev.versiond.daemon.reconcile.EngineAgent;
import dev.versiond.daemon.reconcile.PassListener;
import java.time.Clock;
import java.util.Arrays;

/** The real engine behind {@code versiond run}: the agent's configuration turned into an open engine. */
final class EngineAgentFactory implements AgentFactory {
    static final EngineAgentFactory INSTANCE = new EngineAgentFactory();

    @Override
    public Running open(AgentConfig config, PassListener listener) {
        Engine engine = Engine.open(new Engine.Options(config.repo(), config.ref(), config.path().orElse(""),
                config.stateDir(), config.root(), new HostIdentity(config.host(), config.labels()),
                Arrays.asList(config.systemctl().trim().split("\\s+")), config.allowNonDescendant(), false,
                config.credentials(), config.signatures(), config.secretsDir(), config.allowedRoots(),
                config.fetchLimits(), config.databasesFile()),
                Clock.systemUTC());
        try {
            EngineAgent agent = new EngineAgent(engine, Clock.systemUTC(), listener);
            return new Running(agent, agent::requestStop, engine::close);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }
}
