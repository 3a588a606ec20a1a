package dev.versiond.daemon.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import dev.versiond.daemon.config.LogFormat;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.LoggerFactory;

/**
 * Logging of every versiond command, set up in code: lines to stderr (journald under systemd;
 * stdout is for command output), at the level of {@code VERSIOND_LOG_LEVEL} (INFO by default), with
 * the chatty libraries at WARN.
 *
 * <p>Logback finds this class through {@code META-INF/services} before it looks for an XML file.
 * Setting it up in code rather than in {@code logback.xml} keeps logback's XML configurator (Joran)
 * and the JDK's XML parser out of the process: about 700 classes, some 4 MiB of the idle daemon's
 * memory (docs/benchmarks.md). An operator's own file still wins: with
 * {@code -Dlogback.configurationFile=...} (or a {@code logback-test.xml} on a test class path) this
 * steps aside and logback reads that file as usual.
 */
public final class StderrLogging extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";
    static final String LEVEL_VARIABLE = "VERSIOND_LOG_LEVEL";
    private static final List<String> QUIET = List.of("org.eclipse.jgit", "org.quartz", "io.javalin", "org.eclipse.jetty");

    private final BooleanSupplier operatorFile;

    /** For logback's service loader. */
    public StderrLogging() {
        this(() -> System.getProperty("logback.configurationFile") != null
                || StderrLogging.class.getClassLoader().getResource("logback-test.xml") != null);
    }

    /** @param operatorFile whether a logback file of the operator's (or a test's) should be read instead */
    StderrLogging(BooleanSupplier operatorFile) {
        this.operatorFile = operatorFile;
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (operatorFile.getAsBoolean()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level(System.getenv(LEVEL_VARIABLE)));
        root.addAppender(stderr);
        QUIET.forEach(name -> context.getLogger(name).setLevel(Level.WARN));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * Switches the stderr appender this class set up to {@code format}: {@link LogFormat#JSON} writes one JSON
     * object per event and line (Logback's own {@link JsonEncoder}: timestamp, level, thread, logger, the
     * formatted message, the MDC, any throwable), for log shippers. The messages are the same as in lines, so
     * what is masked there is masked here. Does nothing when an operator's logback file is in charge.
     */
    static void use(LogFormat format) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Appender<ILoggingEvent> appender = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
        if (!(appender instanceof ConsoleAppender<ILoggingEvent> stderr) || format == LogFormat.LINE) {
            return;
        }
        stderr.stop();
        stderr.setEncoder(jsonEncoder(context));
        stderr.start();
    }

    static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
        JsonEncoder json = new JsonEncoder();
        json.setContext(context);
        json.setWithSequenceNumber(false);
        json.setWithNanoseconds(false);
        json.setWithContext(false);
        json.setWithArguments(false);
        json.setWithMessage(false);
        json.setWithFormattedMessage(true);
        json.setWithKVPList(false);
        json.setWithMarkers(false);
        json.start();
        return json;
    }

    /** The root level a {@code VERSIOND_LOG_LEVEL} value asks for; INFO when unset or not a level. */
    static Level level(String value) {
        return Level.toLevel(value, Level.INFO);
    }
}
