package dev.versiond.daemon.audit;

import dev.versiond.daemon.fleet.HostReport;
import java.util.Objects;

/** One commit of a host's status history and the report it holds. */
record StatusEntry(String statusCommit, HostReport report) {
    StatusEntry {
        Objects.requireNonNull(statusCommit, "statusCommit");
        Objects.requireNonNull(report, "report");
    }
}
