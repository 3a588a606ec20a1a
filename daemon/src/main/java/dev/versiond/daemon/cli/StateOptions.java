package dev.versiond.daemon.cli;

import dev.versiond.daemon.config.AgentConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The state directory option of the commands that only read or edit recorded state. */
final class StateOptions {
    @Option(names = "--state", defaultValue = AgentConfig.DEFAULT_STATE_DIR_TEXT, paramLabel = "DIR",
            description = "State directory (default: ${DEFAULT-VALUE}).")
    Path state;
}
