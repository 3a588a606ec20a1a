package dev.versiond.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.versiond.spec.VersiondException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code versiond status}: asks the local agent's {@code GET /status} and prints it. Exit code 0 when every
 * component is Synced, 2 when some is out of sync or progressing, 3 when some is blocked, degraded or
 * waiting (3 wins), 1 when the agent cannot be reached.
 */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = VersionInfo.class,
        description = {"Show where the local agent and each of its components stand.",
                "Exits 0 when all are Synced, 2 when some is OutOfSync or Progressing, 3 when some is Blocked, "
                        + "Degraded or Waiting, 1 when the agent cannot be reached."})
final class StatusCommand implements Callable<Integer> {
    private static final int UNREACHABLE = ExitCode.FAILED.code();

    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Mixin
    AgentOptions agent = new AgentOptions();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (a table) or json (the API's answer as is). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AgentClient client = agent.client();
        String statusUrl = client.base() + "/status";
        Optional<AgentClient.Answer> response;
        try {
            response = client.get("status");
        } catch (VersiondException e) {
            err.println("versiond: " + e.getMessage());
            return UNREACHABLE;
        }
        if (response.isEmpty()) {
            err.println("versiond: cannot reach the agent at " + client.base() + ": nothing listens there");
            return UNREACHABLE;
        }
        JsonNode status;
        try {
            status = new ObjectMapper().readTree(response.get().body());
        } catch (IOException e) {
            err.println("versiond: " + statusUrl + " answered " + response.get().status() + " with something that is not JSON");
            return UNREACHABLE;
        }
        if (response.get().status() != 200) {
            err.println("versiond: " + statusUrl + " answered " + response.get().status() + ": " + status.path("error").asText(""));
            return UNREACHABLE;
        }
        if (format == Format.json) {
            out.println(response.get().body());
        } else {
            print(status, out);
        }
        out.flush();
        // Before its first pass the agent has not read the desired state: nothing is known to be in sync.
        ExitCode code = status.path("ready").asBoolean(false) ? ExitCode.OK : ExitCode.CHANGES;
        for (JsonNode c : status.path("components")) {
            switch (c.path("state").asText()) {
                case "Synced" -> { }
                case "Blocked", "Degraded", "Waiting" -> code = ExitCode.HELD;
                default -> code = code == ExitCode.HELD ? code : ExitCode.CHANGES;
            }
        }
        return code.code();
    }


    static void print(JsonNode s, PrintWriter out) {
        JsonNode rev = s.path("revision");
        String revision = rev.isObject()
                ? shortCommit(rev.path("commit").asText()) + " (" + rev.path("ref").asText() + ", fetched "
                        + rev.path("fetchedAt").asText() + ")"
                : "-";
        out.println("host:         " + s.path("host").asText());
        out.println("revision:     " + revision);
        if (rev.isObject() && rev.path("signer").isTextual()) {
            out.println("signed by:    " + rev.path("signer").asText());
        }
        out.println("phase:        " + s.path("phase").asText() + progress(s.path("progress")));
        out.println("suspended:    " + (s.path("suspended").asBoolean() ? "yes" : "no"));
        out.println("next window:  " + text(s.path("nextWindow")));
        JsonNode untrusted = s.path("untrusted");
        if (untrusted.isObject()) {
            out.println("trust:        Untrusted: commit " + untrusted.path("commit").asText() + " refused: "
                    + untrusted.path("reason").asText() + " (the host keeps the last trusted state)");
        }
        if (!s.path("lastError").isNull() && !s.path("lastError").isMissingNode()) {
            out.println("last error:   " + s.path("lastError").asText());
        }
        out.println();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "RECORDED", "DESIRED", "STATE", "REASON"});
        for (JsonNode c : s.path("components")) {
            String reason = text(c.path("reason"));
            if (!c.path("lastError").isNull() && !c.path("lastError").isMissingNode()
                    && !reason.contains(c.path("lastError").asText())) {
                reason = reason.equals("-") ? c.path("lastError").asText() : reason + "; " + c.path("lastError").asText();
            }
            rows.add(new String[] {c.path("name").asText(), text(c.path("recorded")), text(c.path("desired")),
                    c.path("state").asText(), reason});
        }
        int[] widths = new int[4];
        for (String[] row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                line.append(String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.println(line.append(row[4]).toString().stripTrailing());
        }
    }

    private static String progress(JsonNode p) {
        return p.isObject() ? " (" + p.path("text").asText() + " " + p.path("component").asText() + " "
                + p.path("version").asText() + "/" + p.path("step").asText() + ")" : "";
    }

    private static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? "-" : n.asText();
    }

    private static String shortCommit(String commit) {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }
}
