package dev.versiond.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

class StderrLoggingTest {

    @Test
    void logsToStderrWithTheVersiondPatternAndKeepsTheChattyLibrariesAtWarn() {
        LoggerContext context = new LoggerContext();

        ExecutionStatus status = new StderrLogging(() -> false).configure(context);

        assertThat(status).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        ConsoleAppender<ILoggingEvent> stderr = (ConsoleAppender<ILoggingEvent>) root.getAppender("STDERR");
        assertThat(stderr.isStarted()).isTrue();
        assertThat(stderr.getTarget()).isEqualTo("System.err");
        assertThat(((PatternLayoutEncoder) stderr.getEncoder()).getPattern()).isEqualTo(StderrLogging.PATTERN);
        assertThat(root.getEffectiveLevel()).as("INFO unless VERSIOND_LOG_LEVEL says otherwise")
                .isEqualTo(StderrLogging.level(System.getenv(StderrLogging.LEVEL_VARIABLE)));
        for (String library : new String[] {"org.eclipse.jgit", "org.quartz", "io.javalin", "org.eclipse.jetty"}) {
            assertThat(context.getLogger(library + ".Anything").getEffectiveLevel()).as(library).isEqualTo(Level.WARN);
        }
    }

    @Test
    void stepsAsideForAnOperatorsLogbackFile() {
        LoggerContext context = new LoggerContext();

        ExecutionStatus status = new StderrLogging(() -> true).configure(context);

        assertThat(status).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
    }

    @Test
    void theServiceLoaderFindsItAndATestClassPathKeepsItsOwnFile() {
        // logback-test.xml is on this class path, so the real configurator defers to it.
        assertThat(new StderrLogging().configure(new LoggerContext())).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(java.util.ServiceLoader.load(ch.qos.logback.classic.spi.Configurator.class).stream()
                .map(p -> p.type().getName())).contains(StderrLogging.class.getName());
    }

    @Test
    void versiondLogLevelPicksTheRootLevelAndFallsBackToInfo() {
        assertThat(StderrLogging.level("debug")).isEqualTo(Level.DEBUG);
        assertThat(StderrLogging.level("WARN")).isEqualTo(Level.WARN);
        assertThat(StderrLogging.level(null)).isEqualTo(Level.INFO);
        assertThat(StderrLogging.level("loud")).isEqualTo(Level.INFO);
    }
}
