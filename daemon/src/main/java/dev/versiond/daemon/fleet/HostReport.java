package dev.versiond.daemon.fleet;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.versiond.daemon.state.Reason;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import dev.versiond.spec.model.Durations;
import dev.versiond.spec.model.Position;
import dev.versiond.spec.model.Probe;
import dev.versiond.spec.model.Rollout;
import dev.versiond.spec.model.RolloutGate;
import dev.versiond.spec.model.Threshold;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The one file of a status commit ({@value StatusRefs#FILE}): what a host reports about itself.
 *
 * @param commit the desired-state commit the components were planned at
 * @param committedAt that commit's committer time (rollout waves count from it)
 * @param signer the fingerprint of the key that signed {@code commit}, when signatures are checked
 * @param lastApplied the last desired-state commit a pass applied on this host
 * @param pass how the last pass ended ({@code result}, {@code summary}, when, how long)
 * @param targets per target selecting the host: its wave and its outcome on {@code commit}
 * @param components per component: recorded and desired version, state, typed reason
 */
public record HostReport(String host, Map<String, String> labels, String agentVersion, Instant reportedAt,
                         Optional<String> commit, Optional<Instant> committedAt, Optional<String> signer, Optional<String> lastApplied, Pass pass,
                         List<TargetOutcome> targets, List<ComponentReport> components) {
    public static final int SCHEMA = 1;
    /** The reasons whose message is about the fleet rather than the host. */
    private static final Set<String> HELD_BY_FLEET = Set.of(Reason.WAVE_GATE_CLOSED.word(), Reason.ROLLOUT_HALTED.word());
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public HostReport {
        Objects.requireNonNull(host, "host");
        labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
        Objects.requireNonNull(agentVersion, "agentVersion");
        Objects.requireNonNull(reportedAt, "reportedAt");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(committedAt, "committedAt");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(lastApplied, "lastApplied");
        Objects.requireNonNull(pass, "pass");
        targets = List.copyOf(targets);
        components = List.copyOf(components);
    }

    /** The last pass: its result word, summary, when it ended and how long it took. */
    public record Pass(String result, String summary, Instant finishedAt, long durationMillis) {
    }

    /**
     * One target: the host's wave in it and its outcome on the report's commit.
     *
     * @param rollout the target's rollout policy at that commit (what the fleet view computes the next
     *     wave's start from); left out of the fleet's JSON, which shows that start instead
     */
    public record TargetOutcome(String target, int wave, Outcome outcome,
                                @JsonIgnore Optional<Rollout> rollout) {
        public TargetOutcome {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(rollout, "rollout");
        }

        public TargetOutcome(String target, int wave, Outcome outcome) {
            this(target, wave, outcome, Optional.empty());
        }
    }

    /** One component: versions, the state as status shows it, and its typed reason's word. */
    public record ComponentReport(String name, Optional<String> recorded, Optional<String> desired, String state,
                                  Optional<String> reason, Optional<String> message) {
    }

    /**
     * What the report says about the host itself (commit, versions, states, reasons, outcomes), not about
     * its last pass. The message of a component held by the fleet (its wave's gate closed, its rollout
     * halted) is left out: it counts other hosts' reports ("12 of 27 reporting host(s)…"), which changes
     * at nearly every pass of a held host while nothing about the host does, and the status refs
     * already tell those counts. Two reports with the same state need a new status commit only when
     * their passes say something new ({@link StatusPublisher#news}) or at the heartbeat.
     */
    String stateDigest() {
        StringBuilder out = new StringBuilder().append(commit).append('|').append(lastApplied).append('|').append(labels)
                .append('|').append(targets);
        for (ComponentReport c : components) {
            boolean heldByFleet = c.reason().filter(HELD_BY_FLEET::contains).isPresent();
            out.append('|').append(heldByFleet ? new ComponentReport(c.name(), c.recorded(), c.desired(), c.state(),
                    c.reason(), Optional.empty()) : c);
        }
        return out.toString();
    }

    /** The JSON of the status file, keys in a fixed order. */
    public byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("host", host);
        ObjectNode l = root.putObject("labels");
        labels.forEach(l::put);
        root.put("agentVersion", agentVersion);
        root.put("reportedAt", reportedAt.toString());
        root.put("commit", commit.orElse(null));
        root.put("committedAt", committedAt.map(Instant::toString).orElse(null));
        root.put("signer", signer.orElse(null));
        root.put("lastApplied", lastApplied.orElse(null));
        ObjectNode p = root.putObject("pass");
        p.put("result", pass.result());
        p.put("summary", pass.summary());
        p.put("finishedAt", pass.finishedAt().toString());
        p.put("durationMillis", pass.durationMillis());
        ArrayNode t = root.putArray("targets");
        for (TargetOutcome to : targets) {
            ObjectNode n = t.addObject().put("target", to.target()).put("wave", to.wave()).put("outcome", to.outcome().word());
            to.rollout().ifPresent(r -> writeRollout(n.putObject("rollout"), r));
        }
        ArrayNode c = root.putArray("components");
        for (ComponentReport cr : components) {
            ObjectNode n = c.addObject();
            n.put("name", cr.name());
            n.put("recorded", cr.recorded().orElse(null));
            n.put("desired", cr.desired().orElse(null));
            n.put("state", cr.state());
            n.put("reason", cr.reason().orElse(null));
            n.put("message", cr.message().orElse(null));
        }
        try {
            return (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a status report always serialises", e);
        }
    }

    /** Reads a status file back; a file that is not one is a {@code SOURCE} error naming {@code where}. */
    public static HostReport parse(String json, String where) {
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || root.path("schema").asInt(0) != SCHEMA) {
                throw new IllegalArgumentException("not a schema " + SCHEMA + " status file");
            }
            Map<String, String> labels = new TreeMap<>();
            root.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            JsonNode p = root.path("pass");
            List<TargetOutcome> targets = new ArrayList<>();
            for (JsonNode t : root.path("targets")) {
                String target = t.path("target").asText();
                targets.add(new TargetOutcome(target, t.path("wave").asInt(),
                        Outcome.ofWord(t.path("outcome").asText()).orElse(Outcome.HELD), readRollout(t.get("rollout"), target)));
            }
            List<ComponentReport> components = new ArrayList<>();
            for (JsonNode c : root.path("components")) {
                components.add(new ComponentReport(c.path("name").asText(), text(c, "recorded"), text(c, "desired"),
                        c.path("state").asText(), text(c, "reason"), text(c, "message")));
            }
            return new HostReport(root.path("host").asText(), labels, root.path("agentVersion").asText(),
                    Instant.parse(root.path("reportedAt").asText()), text(root, "commit"),
                    text(root, "committedAt").map(Instant::parse), text(root, "signer"),
                    text(root, "lastApplied"), new Pass(p.path("result").asText(), p.path("summary").asText(),
                    Instant.parse(p.path("finishedAt").asText()), p.path("durationMillis").asLong()), targets, components);
        } catch (java.io.IOException | RuntimeException e) {
            throw new VersiondException(ErrorCode.SOURCE, "the status file of " + where + " cannot be read: " + e.getMessage());
        }
    }

    /** {@code {"waves": [1, 10, 100], "bake": "30m", "gate": {"minHealthy": 90, "errorBudget": "5%", "minReporters": 3}}}. */
    private static void writeRollout(ObjectNode n, Rollout r) {
        ArrayNode waves = n.putArray("waves");
        r.waves().forEach(waves::add);
        n.put("bake", Durations.format(r.bake()));
        r.gate().ifPresent(g -> {
            ObjectNode gate = n.putObject("gate").put("minHealthy", g.minHealthyPercent())
                    .put("errorBudget", g.errorBudget().toString()).put("minReporters", g.minReporters());
            if (!g.analysis().isEmpty()) {
                ArrayNode analysis = gate.putArray("analysis");
                for (Probe.Prometheus q : g.analysis()) {
                    analysis.addObject().put("prometheus", q.server()).put("query", q.query())
                            .put(q.threshold().comparison().word(), q.threshold().value());
                }
            }
        });
    }

    /** A report from an agent that did not write the policy has none: its rollout's next wave is not known. */
    private static Optional<Rollout> readRollout(JsonNode n, String target) {
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        List<Integer> waves = new ArrayList<>();
        n.path("waves").forEach(w -> waves.add(w.asInt()));
        JsonNode g = n.get("gate");
        Optional<RolloutGate> gate = Optional.empty();
        if (g != null && !g.isNull()) {
            String budget = g.path("errorBudget").asText("0");
            boolean percent = budget.endsWith("%");
            List<Probe.Prometheus> analysis = new ArrayList<>();
            for (JsonNode q : g.path("analysis")) {
                for (Threshold.Comparison c : Threshold.Comparison.values()) {
                    if (q.has(c.word())) {
                        analysis.add(new Probe.Prometheus(q.path("prometheus").asText(), q.path("query").asText(),
                                new Threshold(c, q.path(c.word()).asDouble())));
                    }
                }
            }
            gate = Optional.of(new RolloutGate(g.path("minHealthy").asInt(), new RolloutGate.ErrorBudget(
                    Integer.parseInt(percent ? budget.substring(0, budget.length() - 1) : budget), percent),
                    g.path("minReporters").asInt(), analysis));
        }
        Optional<RolloutGate> g2 = gate;
        return Durations.tryParse(n.path("bake").asText()).map(bake -> new Rollout(waves, bake, g2,
                Position.startOf("targets/" + target + ".yaml")));
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }
}
