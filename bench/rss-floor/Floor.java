import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.core.instrument.binder.jvm.*;
import io.micrometer.core.instrument.binder.system.*;
import org.quartz.*;
import org.quartz.impl.StdSchedulerFactory;
import java.util.Properties;

/**
 * The resident-memory floor of the libraries versiond is built on, without versiond's own code.
 * {@code java Floor jvm}: an idle JVM. {@code java Floor javalin}: Javalin serving one route.
 * {@code java Floor libraries}: what the idle agent does, with the libraries only: Javalin serving
 * /readyz and /metrics (Micrometer's Prometheus registry with JVM and process metrics), Quartz
 * firing a poll every second that runs a JGit ls-remote of -Dremote and writes a row into the
 * SQLite file -Ddb. Prints "port N" once it serves (not for jvm).
 */
public class Floor {
  public static class Poll implements Job {
    public void execute(JobExecutionContext c) {
      try {
        org.eclipse.jgit.api.Git.lsRemoteRepository().setRemote(System.getProperty("remote")).call();
        try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + System.getProperty("db"));
             var st = db.createStatement()) {
          st.execute("create table if not exists polls(at integer)");
          st.execute("insert into polls values (" + System.currentTimeMillis() + ")");
        }
        Metrics.REG.counter("polls").increment();
      } catch (Exception e) { throw new RuntimeException(e); }
    }
  }
  /** Created on first use, so the jvm and javalin modes do not load Micrometer. */
  static final class Metrics {
    static final PrometheusMeterRegistry REG = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }
  public static void main(String[] a) throws Exception {
    if (a[0].equals("jvm")) {
      System.out.println("up");
      Thread.sleep(Long.MAX_VALUE);
    }
    if (a[0].equals("javalin")) {
      io.javalin.Javalin app = io.javalin.Javalin.create(c -> { c.showJavalinBanner = false; c.startupWatcherEnabled = false; });
      app.get("/readyz", ctx -> ctx.result("ready"));
      app.start("127.0.0.1", 0);
      System.out.println("port " + app.port());
      Thread.sleep(Long.MAX_VALUE);
    }
    PrometheusMeterRegistry registry = Metrics.REG;
    new ClassLoaderMetrics().bindTo(registry); new JvmMemoryMetrics().bindTo(registry); new JvmGcMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry); new JvmThreadMetrics().bindTo(registry); new UptimeMetrics().bindTo(registry);
    io.javalin.Javalin app = io.javalin.Javalin.create(c -> { c.showJavalinBanner = false; c.startupWatcherEnabled = false; });
    app.get("/metrics", ctx -> ctx.result(registry.scrape()));
    app.get("/readyz", ctx -> ctx.result("ready"));
    app.start("127.0.0.1", 0);
    System.out.println("port " + app.port());
    Properties p = new Properties();
    p.setProperty("org.quartz.threadPool.threadCount", "1");
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    Scheduler s = new StdSchedulerFactory(p).getScheduler();
    s.scheduleJob(JobBuilder.newJob(Poll.class).build(), TriggerBuilder.newTrigger().startNow()
        .withSchedule(SimpleScheduleBuilder.repeatSecondlyForever(1)).build());
    s.start();
    Thread.sleep(Long.MAX_VALUE);
  }
}
