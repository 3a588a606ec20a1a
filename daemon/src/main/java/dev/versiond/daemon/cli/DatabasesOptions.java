package dev.versiond.daemon.cli;

import dev.versiond.daemon.secret.Secrets;
import dev.versiond.daemon.sql.Databases;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --databases-file} and {@code --secrets-dir} of the operator commands that reach named databases. */
final class DatabasesOptions {
    @Option(names = "--databases-file", paramLabel = "FILE",
            description = "The agent's databases file: where the databases sql steps and snapshots name connect.")
    private Path databasesFile;

    @Option(names = "--secrets-dir", defaultValue = dev.versiond.daemon.config.AgentConfig.DEFAULT_SECRETS_DIR_TEXT,
            paramLabel = "DIR", description = "Where the databases file's secretFile references are read from.")
    private Path secretsDir;

    /** The databases the file names, or none without one. */
    Databases databases() {
        return databasesFile == null ? Databases.none() : Databases.load(databasesFile, Secrets.of(secretsDir));
    }
}
