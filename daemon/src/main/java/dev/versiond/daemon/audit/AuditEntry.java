package dev.versiond.daemon.audit;

import java.util.List;
import java.util.Objects;

/** One change of the desired state and how every host that reported on it took it, hosts sorted by name. */
public record AuditEntry(DesiredChange change, List<HostRun> hosts) {
    public AuditEntry {
        Objects.requireNonNull(change, "change");
        hosts = List.copyOf(hosts);
    }
}
