package dev.versiond.daemon.execute;

import dev.versiond.daemon.prometheus.PrometheusQuery;
import dev.versiond.daemon.prometheus.QueryVerdict;
import dev.versiond.spec.model.CheckStep;
import dev.versiond.spec.model.Probe;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@code check} step: its probe (HTTP, TCP, a command, or a PromQL query) is tried every {@code interval} until it passes or the
 * {@code deadline} (measured with the injected clock) has passed. One attempt may take the step's
 * timeout, but never longer than what is left of the deadline. The failure names the last thing seen.
 */
final class CheckRunner {
    private final ProcessRunner processes;
    private final Attempts attempts;
    private final Clock clock;
    private final PrometheusQuery prometheus = new PrometheusQuery();
    private HttpClient http;

    CheckRunner(ProcessRunner processes, Attempts attempts, Clock clock) {
        this.processes = processes;
        this.attempts = attempts;
        this.clock = clock;
    }

    StepResult apply(CheckStep step, StepContext context) {
        Instant start = attempts.now();
        return attempts.repeat(start, step.common().retries(), () -> untilDeadline(step, context));
    }

    private Attempt untilDeadline(CheckStep step, StepContext context) {
        Instant deadline = clock.instant().plus(step.deadline());
        int tries = 0;
        while (true) {
            Attempt last = once(step.probe(), context, attemptTimeout(step, deadline));
            tries++;
            if (last.ok()) {
                return last;
            }
            if (clock.instant().plus(step.interval()).isAfter(deadline) || !attempts.pause(step.interval())) {
                return Attempt.failed("check did not pass within " + HumanDuration.format(step.deadline())
                        + " (" + tries + (tries == 1 ? " attempt" : " attempts") + "): " + last.error(), last.output());
            }
        }
    }

    private Duration attemptTimeout(CheckStep step, Instant deadline) {
        Duration left = Duration.between(clock.instant(), deadline);
        if (left.toMillis() < 1) {
            return step.effectiveTimeout();
        }
        return left.compareTo(step.effectiveTimeout()) < 0 ? left : step.effectiveTimeout();
    }

    private Attempt once(Probe probe, StepContext context, Duration timeout) {
        if (probe instanceof Probe.Http get) {
            return get(get, timeout);
        }
        if (probe instanceof Probe.Tcp tcp) {
            return connect(tcp, timeout);
        }
        if (probe instanceof Probe.Prometheus query) {
            QueryVerdict verdict = prometheus.evaluate(query, String.valueOf(context.templateContext().getOrDefault("host", "")),
                    timeout);
            return verdict.passed() ? Attempt.ok(verdict.seen()) : Attempt.failed(verdict.seen(), "");
        }
        Probe.Exec exec = (Probe.Exec) probe;
        ProcessRun run = processes.run(exec.command(), context, timeout);
        return run.succeeded()
                ? Attempt.ok(run.output())
                : Attempt.failed("`" + exec.command() + "` " + run.problem(), run.output());
    }

    private Attempt get(Probe.Http probe, Duration timeout) {
        String what = "GET " + probe.url();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(probe.url())).timeout(timeout).GET().build();
        } catch (IllegalArgumentException e) {
            return Attempt.failed(what + ": invalid URL: " + e.getMessage(), "");
        }
        CompletableFuture<HttpResponse<Void>> answer = client().sendAsync(request, HttpResponse.BodyHandlers.discarding());
        try {
            int status = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS).statusCode();
            String seen = what + " answered " + status;
            return status == probe.status() ? Attempt.ok(seen) : Attempt.failed(seen + ", expected " + probe.status(), "");
        } catch (TimeoutException e) {
            answer.cancel(true);
            return Attempt.failed(what + ": no answer within " + HumanDuration.format(timeout), "");
        } catch (ExecutionException e) {
            return Attempt.failed(what + ": " + describe(e.getCause(), timeout), "");
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            return Attempt.failed(what + ": interrupted", "");
        }
    }

    private static Attempt connect(Probe.Tcp probe, Duration timeout) {
        String what = "connect " + probe.host() + ":" + probe.port();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(probe.host(), probe.port()), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            return Attempt.ok(what + ": open");
        } catch (IOException e) {
            return Attempt.failed(what + ": " + describe(e, timeout), "");
        }
    }

    private static String describe(Throwable e, Duration timeout) {
        if (e instanceof ConnectException) {
            // The HTTP client's ConnectException often has no message; the socket's below it does.
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t.getMessage() != null) {
                    return t.getMessage().toLowerCase(Locale.ROOT);
                }
            }
            return "connection refused";
        }
        if (e instanceof SocketTimeoutException || e instanceof HttpTimeoutException) {
            return "no answer within " + HumanDuration.format(timeout);
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** One client for all checks, made on first use (it starts a selector thread). */
    private synchronized HttpClient client() {
        if (http == null) {
            http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        }
        return http;
    }
}
