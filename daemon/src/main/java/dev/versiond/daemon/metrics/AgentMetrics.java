package dev.versiond.daemon.metrics;

import dev.versiond.daemon.reconcile.AgentStatus;
import dev.versiond.daemon.reconcile.ComponentState;
import dev.versiond.daemon.reconcile.ComponentStatus;
import dev.versiond.daemon.reconcile.PassListener;
import dev.versiond.daemon.reconcile.PhaseTimes;
import dev.versiond.daemon.reconcile.PassOutcome;
import dev.versiond.daemon.reconcile.Untrusted;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The agent's metrics, fed by the engine through {@link PassListener} and read as Prometheus text by
 * {@code GET /metrics}:
 * <ul>
 * <li>{@code versiond_reconcile_duration_seconds{result}} (histogram), {@code versiond_polls_total{result}}</li>
 * <li>{@code versiond_step_duration_seconds{kind,outcome}}, {@code versiond_step_failures_total{kind}},
 *     {@code versiond_rollbacks_total}</li>
 * <li>{@code versiond_untrusted_commits_total{reason}}: passes that refused their commit, {@code reason} being
 *     {@code signature} or {@code non_descendant}</li>
 * <li>{@code versiond_component_info{component,recorded,desired}} = 1, one series per component, replaced when
 *     its versions change; {@code versiond_component_state{component,state}} = 1 for the current state and 0
 *     for the others (one series per state label), so {@code sum by (state)} counts components per state</li>
 * <li>{@code versiond_notifications_total{sink,result}}: notification requests per sink ({@code webhook},
 *     {@code alertmanager}) by what became of them ({@code sent}, {@code retried}, {@code failed}, {@code dropped},
 *     {@code rate_limited})</li>
 * <li>{@code versiond_suspended} (0/1), {@code versiond_last_success_timestamp_seconds}</li>
 * <li>{@code versiond_status_pushes_total{result}} ({@code ok}, {@code failed}): pushes of this host's status to
 *     the status repository; {@code versiond_status_push_pending} (0/1) while a report waits for a retry</li>
 * <li>{@code versiond_commit_age_seconds}: the age of the commit served; {@code versiond_stale} (0/1) while it is
 *     older than {@code max-commit-age}</li>
 * <li>{@code versiond_share_too_large} (0/1) while the last pass refused the desired state because this host's
 *     share of it would not fit the heap</li>
 * <li>JVM memory, GC, threads, class loading; process CPU, uptime and open file descriptors</li>
 * </ul>
 * A component absent from the latest status loses its series.
 */
public final class AgentMetrics implements PassListener, dev.versiond.daemon.fleet.StatusPublisher.PushListener,
        dev.versiond.daemon.notify.DeliveryCounter, AutoCloseable {
    /** Tag value for a version that is not there (nothing recorded, no target names it). */
    static final String NONE = "none";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Clock clock;
    private final AtomicLong suspended = new AtomicLong();
    private final AtomicLong pushPending = new AtomicLong();
    private final AtomicLong stale = new AtomicLong();
    private final AtomicLong shareTooLarge = new AtomicLong();
    private final AtomicLong commitEpochSeconds = new AtomicLong();
    private final AtomicLong lastSuccessEpochMillis = new AtomicLong();
    private final Map<String, ComponentSeries> components = new HashMap<>();
    private final JvmGcMetrics gc = new JvmGcMetrics();

    /** The series of one component: its info gauge (for the versions it carries) and its state gauges. */
    private static final class ComponentSeries {
        final AtomicReference<ComponentState> state = new AtomicReference<>();
        final List<Meter> stateGauges = new ArrayList<>();
        Meter info;
        String recorded;
        String desired;
        String reason;
    }

    public AgentMetrics(Clock clock) {
        this.clock = clock;
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        Gauge.builder("versiond.suspended", suspended, AtomicLong::get)
                .description("1 while the agent is suspended (passes poll and plan but do not apply)")
                .register(registry);
        Gauge.builder("versiond.last.success.timestamp", lastSuccessEpochMillis, ms -> ms.get() / 1000.0)
                .baseUnit("seconds")
                .description("When a pass last ended without error (Unix time); 0 before the first")
                .register(registry);
        Gauge.builder("versiond.status.push.pending", pushPending, AtomicLong::get)
                .description("1 while a status report waits to be pushed again after a failed push")
                .register(registry);
        Gauge.builder("versiond.stale", stale, AtomicLong::get)
                .description("1 while the commit served is older than max-commit-age")
                .register(registry);
        Gauge.builder("versiond.share.too.large", shareTooLarge, AtomicLong::get)
                .description("1 while the last pass refused the desired state because this host's share of it "
                        + "would not fit the agent's heap (reason share-too-large)")
                .register(registry);
        Gauge.builder("versiond.commit.age", commitEpochSeconds,
                        s -> s.get() == 0 ? 0 : Math.max(0, clock.millis() / 1000.0 - s.get()))
                .baseUnit("seconds")
                .description("Age of the desired-state commit last read (0 before the first)")
                .register(registry);
        pushCounter("ok");
        pushCounter("failed");
        // Register the counters at zero so dashboards and alerts see them before the first event.
        Counter.builder("versiond.rollbacks").description("Passes whose changes were reversed after a failure")
                .register(registry);
        for (String kind : List.of(Untrusted.SIGNATURE, Untrusted.NON_DESCENDANT)) {
            untrustedCounter(kind);
        }
    }

    private Counter untrustedCounter(String kind) {
        return Counter.builder("versiond.untrusted.commits")
                .description("Passes that refused their commit: a signature that does not hold (signature) or a "
                        + "commit that does not descend from the last applied one (non_descendant)")
                .tag("reason", kind)
                .register(registry);
    }

    private Counter pushCounter(String result) {
        return Counter.builder("versiond.status.pushes")
                .description("Pushes of this host's status to the status repository, by result")
                .tag("result", result)
                .register(registry);
    }

    @Override
    public void pushed() {
        pushCounter("ok").increment();
        pushPending.set(0);
    }

    @Override
    public void pushFailed() {
        pushCounter("failed").increment();
        pushPending.set(1);
    }

    @Override
    public void count(String sink, String result) {
        Counter.builder("versiond.notifications")
                .description("Notification requests by sink and by what became of them (sent, retried, failed, "
                        + "dropped: queue full, rate_limited)")
                .tag("sink", sink).tag("result", result)
                .register(registry).increment();
    }

    @Override
    public void untrusted(Untrusted refused) {
        untrustedCounter(refused.kind()).increment();
    }

    /**
     * {@code versiond_pass_phase_seconds{phase}}: where passes spend their time (ls-remote, fetch,
     * verify, load, plan, execute, record), each phase a pass reached counted once per pass. Count,
     * sum and max only: a histogram per phase would cost the idle agent a few hundred series.
     */
    @Override
    public void passPhases(PhaseTimes times) {
        times.times().forEach((phase, duration) -> Timer.builder("versiond.pass.phase")
                .description("How long each phase of a reconcile pass takes")
                .tag("phase", phase.word())
                .register(registry)
                .record(duration));
    }

    @Override
    public void passFinished(PassOutcome outcome, Duration duration) {
        Timer.builder("versiond.reconcile.duration")
                .description("How long reconcile passes take, by how they ended")
                .tag("result", outcome.result())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofMinutes(30))
                .register(registry)
                .record(duration);
        Counter.builder("versiond.polls").description("Reconcile passes, by how they ended")
                .tag("result", outcome.result())
                .register(registry)
                .increment();
        if (outcome.succeeded()) {
            lastSuccessEpochMillis.set(clock.millis());
        }
    }

    @Override
    public void stepFinished(String kind, String outcome, Duration duration) {
        Timer.builder("versiond.step.duration")
                .description("How long steps take, by kind and outcome")
                .tags("kind", kind, "outcome", outcome)
                .register(registry)
                .record(duration);
        Counter failures = Counter.builder("versiond.step.failures").description("Steps that failed, by kind")
                .tag("kind", kind)
                .register(registry);
        if (outcome.equals("failed")) {
            failures.increment();
        }
    }

    @Override
    public void reversalTimed(dev.versiond.daemon.state.ChangeRecord reversal) {
        Timer.builder("versiond.rollback.duration")
                .description("How long rollbacks and downgrades take, by component and kind")
                .tags("component", reversal.component(), "kind", reversal.kind())
                .register(registry)
                .record(reversal.duration().orElse(Duration.ZERO));
        Counter exceeded = Counter.builder("versiond.rto.exceeded")
                .description("Rollbacks and downgrades that took longer than their migration's rto")
                .tag("component", reversal.component())
                .register(registry);
        if (reversal.exceededRto()) {
            exceeded.increment();
        }
    }

    @Override
    public void rolledBack() {
        registry.counter("versiond.rollbacks").increment();
    }

    @Override
    public synchronized void statusChanged(AgentStatus status) {
        suspended.set(status.suspended() ? 1 : 0);
        status.lastSuccess().map(Instant::toEpochMilli).ifPresent(lastSuccessEpochMillis::set);
        stale.set(status.stale().isPresent() ? 1 : 0);
        shareTooLarge.set(status.lastErrorReason().filter(dev.versiond.daemon.state.Reason.SHARE_TOO_LARGE::equals)
                .isPresent() ? 1 : 0);
        status.revision().ifPresent(c -> commitEpochSeconds.set(c.committedAt().getEpochSecond()));
        Map<String, ComponentStatus> current = new HashMap<>();
        status.components().forEach(c -> current.put(c.name(), c));
        components.keySet().removeIf(name -> {
            if (current.containsKey(name)) {
                return false;
            }
            ComponentSeries gone = components.get(name);
            gone.stateGauges.forEach(registry::remove);
            registry.remove(gone.info);
            return true;
        });
        current.values().forEach(this::update);
    }

    private void update(ComponentStatus c) {
        ComponentSeries series = components.computeIfAbsent(c.name(), name -> {
            ComponentSeries s = new ComponentSeries();
            for (ComponentState state : ComponentState.values()) {
                s.stateGauges.add(Gauge.builder("versiond.component.state", s.state,
                                current -> current.get() == state ? 1 : 0)
                        .description("1 for the state the component is in, 0 for the others")
                        .tags(Tags.of("component", name, "state", state.label()))
                        .register(registry));
            }
            return s;
        });
        series.state.set(c.state());
        String recorded = c.recorded().orElse(NONE);
        String desired = c.desired().orElse(NONE);
        String reason = c.code().map(dev.versiond.daemon.state.Reason::word).orElse(NONE);
        if (!recorded.equals(series.recorded) || !desired.equals(series.desired) || !reason.equals(series.reason)) {
            if (series.info != null) {
                registry.remove(series.info);
            }
            series.info = Gauge.builder("versiond.component.info", () -> 1)
                    .description("The versions of a component, recorded on this host and desired by its targets, "
                            + "and the typed reason it is blocked, degraded or waiting")
                    .tags(Tags.of("component", c.name(), "recorded", recorded, "desired", desired, "reason", reason))
                    .register(registry);
            series.recorded = recorded;
            series.desired = desired;
            series.reason = reason;
        }
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
