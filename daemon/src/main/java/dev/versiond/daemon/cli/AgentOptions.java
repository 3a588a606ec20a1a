package dev.versiond.daemon.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where the running agent is, for the commands that ask it ({@code status}, {@code history}, {@code plan}). */
final class AgentOptions {
    @Option(names = "--url", paramLabel = "URL",
            description = "The running agent's HTTP address (default: the http: of --config, else http://"
                    + dev.versiond.daemon.config.AgentConfig.DEFAULT_HTTP_TEXT + ").")
    String url;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = AgentClient.DEFAULT_CONFIG_TEXT,
            description = "The agent's config file, read for its http: address only (default: ${DEFAULT-VALUE}).")
    Path config;

    AgentClient client() {
        return AgentClient.of(Optional.ofNullable(url), config);
    }
}
