package dev.versiond.daemon.cli;

import dev.versiond.daemon.audit.AuditEntry;
import dev.versiond.daemon.audit.AuditFilter;
import dev.versiond.daemon.audit.AuditReader;
import dev.versiond.daemon.audit.HostRun;
import dev.versiond.daemon.audit.TargetChange;
import dev.versiond.daemon.source.JGitSource;
import dev.versiond.daemon.source.SourceOptions;
import dev.versiond.daemon.source.StatusRemote;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code versiond audit}: every change of the desired state (who made it, who signed it) and how
 * each host took it (applied when, rolled back why, how long), from the two repositories' histories.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Show who changed which target's version or config, who signed it, and where it ran:",
                "the desired-state branch's history joined with every host's status history.",
                "Fetches the branch in full and the hosts' status refs (unlike fleet, which reads only refs)."})
final class AuditCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--repo", required = true, paramLabel = "URL", description = "The desired-state repository.")
    private String repo;

    @Option(names = "--ref", defaultValue = "main", paramLabel = "REF",
            description = "Branch, tag or full ref whose history is audited (default: ${DEFAULT-VALUE}).")
    private String ref;

    @Option(names = "--path", defaultValue = "", paramLabel = "SUBDIR",
            description = "Directory of the repository that holds the desired state (default: the root).")
    private String path;

    @Option(names = "--status-repo", paramLabel = "URL", description = "The status repository (default: --repo).")
    private String statusRepo;

    @Option(names = "--host", paramLabel = "H", description = "Only what this host did.")
    private String host;

    @Option(names = "--component", paramLabel = "C", description = "Only changes of this component.")
    private String component;

    @Option(names = "--since", paramLabel = "DATE",
            description = "Only changes committed at or after this date (2026-12-01, UTC) or date-time (2026-12-01T10:00:00Z).")
    private String since;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json", description = "Output format (default: text).")
    private Format format;

    @Mixin
    private TrustOptions trust = new TrustOptions();

    @Override
    public Integer call() {
        AuditFilter filter = new AuditFilter(Optional.ofNullable(host), Optional.ofNullable(component),
                Optional.ofNullable(since).map(AuditCommand::since));
        List<AuditEntry> entries;
        try (ScratchStateDirectory scratch = ScratchStateDirectory.create();
             JGitSource desired = JGitSource.open(repo, ref, scratch.path(), Clock.systemUTC(),
                     SourceOptions.defaults().with(trust.credentials(), trust.signatures()));
             StatusRemote status = StatusRemote.open(statusRepo == null ? repo : statusRepo, scratch.path(),
                     trust.credentials(), Optional.empty(), SourceOptions.DEFAULT_TIMEOUT)) {
            entries = new AuditReader(desired, path, status).read(filter);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) {
            out.println(Json.write(Map.of("changes", entries)));
        } else {
            text(entries, out);
        }
        out.flush();
        return ExitCode.OK.code();
    }

    /** An ISO date (midnight UTC) or date-time (with an offset, or UTC without one). */
    static Instant since(String text) {
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException noOffset) {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            }
        } catch (DateTimeParseException e) {
            throw new VersiondException(ErrorCode.USAGE, "--since: '" + text + "' is not an ISO date (2026-12-01) "
                    + "or date-time (2026-12-01T10:00:00Z)");
        }
    }

    static void text(List<AuditEntry> entries, PrintWriter out) {
        if (entries.isEmpty()) {
            out.println("no changes");
        }
        for (AuditEntry e : entries) {
            var c = e.change();
            out.printf("commit %s  %s%n", c.commit(), c.message());
            out.printf("  author    %s%n", c.author());
            out.printf("  committed %s by %s%n", c.committedAt(), c.committer());
            out.printf("  signature %s%n", c.signature().describe());
            for (TargetChange t : c.changes()) {
                out.printf("  change    %s/%s: %s%n", t.target(), t.component(), t.describe());
            }
            if (e.hosts().isEmpty()) {
                out.println("  no host reported on it");
            } else {
                out.printf("  %-24s %-10s %-5s %-12s %-20s %-8s %-8s %s%n", "HOST", "TARGET", "WAVE", "RESULT", "AT",
                        "TOOK", "AFTER", "REASON");
            }
            for (HostRun r : e.hosts()) {
                Optional<Instant> at = r.outcome() == HostRun.Result.APPLIED ? r.appliedAt() : r.failedAt();
                out.printf("  %-24s %-10s %-5d %-12s %-20s %-8s %-8s %s%n", r.host(), r.target(), r.wave() + 1,
                        r.outcome().word(), at.map(i -> i.truncatedTo(ChronoUnit.SECONDS).toString()).orElse("-"), r.took().map(AuditCommand::human).orElse("-"),
                        r.sinceCommit().map(AuditCommand::human).orElse("-"),
                        r.reason().map(w -> w + r.message().map(m -> ": " + m).orElse("")).orElse(""));
            }
            out.println();
        }
    }

    /** The two largest units, for a column: {@code 850ms}, {@code 1.4s}, {@code 3m05s}, {@code 2h10m}, {@code 336d16h}. */
    static String human(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 3600) {
            return String.format(java.util.Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(java.util.Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
        }
        return String.format(java.util.Locale.ROOT, "%dd%02dh", s / 86_400, s % 86_400 / 3600);
    }
}
