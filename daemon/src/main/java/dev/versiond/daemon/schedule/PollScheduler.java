package dev.versiond.daemon.schedule;

import dev.versiond.daemon.reconcile.Agent;
import dev.versiond.daemon.reconcile.PassOutcome;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the agent's passes: one at start, then one per poll, each poll a one-shot Quartz trigger set
 * {@link PollTiming#delay} after the previous pass ended (so the delay counts from the end of a pass,
 * and a slow pass never queues polls behind it), and one more whenever {@link #syncNow} asks.
 *
 * <p>Passes never overlap: one Quartz worker thread, a job marked {@link DisallowConcurrentExecution},
 * and the agent serialises {@code sync} as well. Misfires (the JVM or the VM paused past the fire time)
 * use "fire now": there is only ever one poll trigger, so however many polls were missed, one pass runs
 * on wake-up and the next is scheduled from its end — missed polls are coalesced, never replayed.
 * Requests to sync that arrive while a sync is already pending collapse into it.
 *
 * <p>Quartz runs with a RAM job store and no JMX (Quartz 2.5 has no update check left to turn off).
 */
public final class PollScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(PollScheduler.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final JobKey JOB = JobKey.jobKey("pass", "versiond");
    private static final TriggerKey POLL = TriggerKey.triggerKey("poll", "versiond");
    private static final String TRIGGER = "trigger";

    private final Agent agent;
    private final PollTiming timing;
    private final Clock clock;
    private final RandomGenerator random;
    private final Consumer<PassOutcome> afterPass;
    private final Scheduler scheduler;
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean syncPending = new AtomicBoolean();
    private final AtomicLong passes = new AtomicLong();
    private final AtomicReference<Duration> lastDelay = new AtomicReference<>();

    /**
     * @param afterPass called on the scheduler thread after every pass (status lines, readiness); must not throw
     */
    public PollScheduler(Agent agent, PollTiming timing, Clock clock, RandomGenerator random,
                         Consumer<PassOutcome> afterPass) {
        this.agent = agent;
        this.timing = timing;
        this.clock = clock;
        this.random = random;
        this.afterPass = afterPass;
        this.scheduler = createScheduler();
    }

    private Scheduler createScheduler() {
        Properties p = new Properties();
        // A unique name: Quartz keeps schedulers in a JVM-wide repository by name.
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "versiond-" + INSTANCES.incrementAndGet());
        p.setProperty(StdSchedulerFactory.PROP_SCHED_JMX_EXPORT, "false");
        p.setProperty(StdSchedulerFactory.PROP_SCHED_MAKE_SCHEDULER_THREAD_DAEMON, "true");
        p.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, "org.quartz.simpl.RAMJobStore");
        p.setProperty(StdSchedulerFactory.PROP_THREAD_POOL_CLASS, "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", "1");
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        p.setProperty("org.quartz.threadPool.threadNamePrefix", "versiond-pass");
        try {
            Scheduler s = new StdSchedulerFactory(p).getScheduler();
            s.setJobFactory((bundle, sched) -> new PassJob(this));
            JobDetail job = JobBuilder.newJob(PassJob.class).withIdentity(JOB).storeDurably().build();
            s.addJob(job, false);
            return s;
        } catch (SchedulerException e) {
            throw new VersiondException(ErrorCode.INTERNAL, "cannot create the poll scheduler: " + e.getMessage(), e);
        }
    }

    /** Starts polling: a first pass at once (trigger {@code startup}), then polls. */
    public void start() {
        try {
            scheduler.scheduleJob(pollTrigger(clock.instant(), "startup"));
            scheduler.start();
        } catch (SchedulerException e) {
            throw new VersiondException(ErrorCode.INTERNAL, "cannot start the poll scheduler: " + e.getMessage(), e);
        }
    }

    /**
     * Asks for a pass now (trigger {@code sync}) without waiting for the next poll. Returns at once; if a
     * pass is running, the requested one follows it. Requests made while one is pending are the same request.
     */
    public void syncNow() {
        if (!syncPending.compareAndSet(false, true)) {
            return;
        }
        try {
            scheduler.triggerJob(JOB, new JobDataMap(Map.of(TRIGGER, "sync")));
        } catch (SchedulerException e) {
            syncPending.set(false);
            throw new VersiondException(ErrorCode.INTERNAL, "cannot trigger a pass: " + e.getMessage(), e);
        }
    }

    /** Whether polling goes on: the scheduler runs and either a pass is running or the next poll is set. */
    public boolean healthy() {
        try {
            return scheduler.isStarted() && !scheduler.isShutdown() && !scheduler.isInStandbyMode()
                    && (running.get() || scheduler.checkExists(POLL));
        } catch (SchedulerException e) {
            return false;
        }
    }

    /** Remote failures in a row, the exponent of the backoff. */
    public int consecutiveFailures() {
        return failures.get();
    }

    /** The passes run so far. */
    public long passes() {
        return passes.get();
    }

    /** The delay chosen after the last pass, before the next poll. */
    public Optional<Duration> lastDelay() {
        return Optional.ofNullable(lastDelay.get());
    }

    /** When the next poll fires, if one is set. */
    public Optional<Instant> nextPoll() {
        try {
            return Optional.ofNullable(scheduler.getTrigger(POLL))
                    .map(Trigger::getNextFireTime).map(Date::toInstant);
        } catch (SchedulerException e) {
            return Optional.empty();
        }
    }

    /**
     * Stops polling and waits up to {@code grace} for a running pass to end.
     *
     * @return whether the running pass (if any) ended in time; if not, the process may exit anyway: the
     *     engine's journal resumes the interrupted step at the next start
     */
    public boolean stop(Duration grace) {
        try {
            scheduler.standby();
        } catch (SchedulerException e) {
            LOG.warn("could not put the scheduler in standby: {}", e.getMessage());
        }
        Thread waiter = new Thread(() -> {
            try {
                scheduler.shutdown(true);
            } catch (SchedulerException e) {
                LOG.warn("could not shut the scheduler down: {}", e.getMessage());
            }
        }, "versiond-scheduler-stop");
        waiter.setDaemon(true);
        waiter.start();
        try {
            waiter.join(Math.max(1, grace.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (waiter.isAlive()) {
            LOG.warn("a pass is still running after the grace period of {}s; exiting anyway (the journal resumes it at the next start)",
                    grace.toSeconds());
            return false;
        }
        return true;
    }

    /** Runs one pass on the Quartz worker thread, then sets the next poll. */
    void runPass(String trigger) {
        if (trigger.equals("sync")) {
            syncPending.set(false);
        }
        running.set(true);
        try {
            PassOutcome outcome = syncGuarded(trigger);
            passes.incrementAndGet();
            int n = failures.updateAndGet(f -> PollTiming.failuresAfter(f, outcome));
            if (n > 0) {
                LOG.warn("remote failed {} time(s) in a row; backing off to {}s: {}", n,
                        timing.baseDelay(n).toSeconds(), outcome.summary());
            }
            schedulePoll(n);
            try {
                afterPass.accept(outcome);
            } catch (RuntimeException e) {
                LOG.warn("after-pass hook failed", e);
            }
        } finally {
            running.set(false);
        }
    }

    private PassOutcome syncGuarded(String trigger) {
        try {
            return agent.sync(trigger);
        } catch (RuntimeException e) {
            // Agent.sync promises not to throw; if it does anyway, polling must go on.
            LOG.error("pass ({}) threw instead of returning an outcome", trigger, e);
            return PassOutcome.failed(Optional.empty(), "internal error: " + e, ErrorCode.INTERNAL);
        }
    }

    private void schedulePoll(int failuresInARow) {
        Duration delay = timing.delay(failuresInARow, random.nextDouble());
        lastDelay.set(delay);
        try {
            Trigger next = pollTrigger(clock.instant().plus(delay), "poll");
            // Replacing the trigger that fired this pass is allowed from inside the job: Quartz keeps the new one.
            if (scheduler.checkExists(POLL)) {
                scheduler.rescheduleJob(POLL, next);
            } else {
                scheduler.scheduleJob(next);
            }
        } catch (SchedulerException e) {
            if (!isShutdown()) {
                LOG.error("could not schedule the next poll", e);
            }
        }
    }

    private boolean isShutdown() {
        try {
            return scheduler.isShutdown() || scheduler.isInStandbyMode();
        } catch (SchedulerException e) {
            return true;
        }
    }

    private static Trigger pollTrigger(Instant at, String trigger) {
        return TriggerBuilder.newTrigger().withIdentity(POLL).forJob(JOB)
                .usingJobData(TRIGGER, trigger)
                .startAt(Date.from(at))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
    }

    /** The Quartz job: one pass. */
    @DisallowConcurrentExecution
    static final class PassJob implements Job {
        private final PollScheduler owner;

        PassJob(PollScheduler owner) {
            this.owner = owner;
        }

        @Override
        public void execute(JobExecutionContext context) {
            String trigger = context.getMergedJobDataMap().getString(TRIGGER);
            owner.runPass(trigger == null ? "poll" : trigger);
        }
    }
}
