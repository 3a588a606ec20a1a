package dev.versiond.daemon.source;

import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.transport.SshConfigStore;
import org.eclipse.jgit.transport.SshConstants;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * The SSH client of one source: Apache MINA sshd through JGit, configured only from the agent's
 * config — the deploy key, the {@code known_hosts} file — never from the running user's
 * {@code ~/.ssh}, its {@code ssh_config} or an SSH agent, so what root happens to have lying
 * around cannot change whom the agent talks to or as whom.
 */
final class SshConnections implements AutoCloseable {
    private final SshdSessionFactory factory;
    private final KnownHosts knownHosts;

    private SshConnections(SshdSessionFactory factory, KnownHosts knownHosts) {
        this.factory = factory;
        this.knownHosts = knownHosts;
    }

    /**
     * @param home a directory owned by the agent (under its state directory), given to the SSH client
     *     as its home so that nothing resolves to the user's; it need not exist
     * @throws VersiondException {@code CONFIG} when the key or the known_hosts file is not configured
     */
    static SshConnections of(Credentials credentials, Path home, String remote) {
        Path key = credentials.sshKey().orElseThrow(() -> new VersiondException(ErrorCode.CONFIG,
                remote + " is an SSH remote: configure ssh-key (a deploy key) and known-hosts"));
        Path hosts = credentials.knownHosts().orElseThrow(() -> new VersiondException(ErrorCode.CONFIG,
                remote + " is an SSH remote: configure known-hosts (the file its host key is checked against)"));
        if (!Files.isReadable(key)) {
            throw new VersiondException(ErrorCode.CONFIG, "the ssh-key " + key + " cannot be read");
        }
        KnownHosts database = new KnownHosts(hosts.toAbsolutePath(), credentials.acceptNewHostKeys());
        HostSettings settings = new HostSettings(Map.of(
                SshConstants.IDENTITIES_ONLY, "yes",
                SshConstants.IDENTITY_AGENT, "none",
                SshConstants.BATCH_MODE, "yes",
                SshConstants.PREFERRED_AUTHENTICATIONS, "publickey",
                SshConstants.STRICT_HOST_KEY_CHECKING, credentials.acceptNewHostKeys() ? "accept-new" : "yes"),
                Map.of(SshConstants.IDENTITY_FILE, List.of(key.toAbsolutePath().toString()),
                        SshConstants.USER_KNOWN_HOSTS_FILE, List.of(hosts.toAbsolutePath().toString())));
        File homeDir = home.toAbsolutePath().toFile();
        SshdSessionFactory factory = new SshdSessionFactoryBuilder()
                .setHomeDirectory(homeDir)
                .setSshDirectory(new File(homeDir, ".ssh"))
                .setConfigStoreFactory((h, f, user) -> settings)
                .setDefaultIdentities(dir -> List.of(key.toAbsolutePath()))
                .setDefaultKnownHostsFiles(dir -> List.of(hosts.toAbsolutePath()))
                .setServerKeyDatabase((h, s) -> database)
                .setPreferredAuthentications("publickey")
                .build(null);
        return new SshConnections(factory, database);
    }

    SshdSessionFactory factory() {
        return factory;
    }

    void forgetRefusal() {
        knownHosts.forgetRefusal();
    }

    Optional<String> lastHostKeyRefusal() {
        return knownHosts.lastRefusal();
    }

    @Override
    public void close() {
        factory.close();
    }

    /** The same settings for every host: the agent talks to one remote. */
    private record HostSettings(Map<String, String> single, Map<String, List<String>> multi)
            implements SshConfigStore, SshConfigStore.HostConfig {
        @Override
        public HostConfig lookup(String hostName, int port, String userName) {
            return this;
        }

        @Override
        public HostConfig lookupDefault(String hostName, int port, String userName) {
            return this;
        }

        @Override
        public String getValue(String key) {
            List<String> values = multi.get(key);
            return values != null ? values.get(0) : single.get(key);
        }

        @Override
        public List<String> getValues(String key) {
            return multi.getOrDefault(key, single.containsKey(key) ? List.of(single.get(key)) : List.of());
        }

        @Override
        public Map<String, String> getOptions() {
            return single;
        }

        @Override
        public Map<String, List<String>> getMultiValuedOptions() {
            return multi;
        }
    }
}
