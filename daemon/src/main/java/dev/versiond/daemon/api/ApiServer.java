package dev.versiond.daemon.api;

import dev.versiond.daemon.config.HttpAddress;
import dev.versiond.daemon.hooks.PushHook;
import dev.versiond.daemon.reconcile.Agent;
import dev.versiond.daemon.web.Asset;
import dev.versiond.daemon.web.FleetSection;
import dev.versiond.daemon.web.StatusPage;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's HTTP API.
 * <ul>
 * <li>{@code GET /} the status page for people ({@link StatusPage}), HTML rendered on the server, with its style
 *     sheet and script under {@code /assets/}; a Content-Security-Policy allows nothing but this origin</li>
 * <li>{@code GET /healthz} 200 {@code ok} while the process serves; {@code GET /readyz} 200 once the first pass
 *     ended, 503 before</li>
 * <li>{@code GET /fleet[?target=T]}: the fleet view from the status repository (501 when host status is off);
 * <li>{@code GET /status}, {@code GET /plan}, {@code GET /history?limit=N&component=C} (limit 1–500, default 20),
 *     JSON; {@code GET /metrics}, Prometheus text</li>
 * <li>{@code POST /sync} (202: a pass is requested), {@code POST /suspend}, {@code POST /resume},
 *     {@code POST /retry[?component=C]} (200 with the status after), each with {@code Authorization: Bearer
 *     <token>}; 401 without or with a wrong one; 403 when no token is configured (never open)</li>
 * <li>{@code POST /hooks/git}: a Git server's push event, signed with the hook secret ({@link PushHook});
 *     202 and a poll shortly after; 401 unsigned or wrongly signed, 413 over {@link PushHook#MAX_BODY} bytes,
 *     429 over the rate limit, 403 when no hook secret is configured</li>
 * </ul>
 * A known path asked with another method answers 405 with an {@code Allow} header; an unknown path 404.
 * Errors are JSON {@code {"error": "...", "code": "..."}} with the HTTP status of the {@link ErrorCode}
 * ({@link #status(ErrorCode)}).
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    static final int DEFAULT_HISTORY = 20;
    static final int MAX_HISTORY = 500;
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    /**
     * The status page loads only its own style sheet and script and talks only to this agent; no inline
     * script, no frames, no form posts elsewhere: a label or a reason that slipped past escaping runs nothing.
     */
    static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    /** The error code of a request without the right bearer token (an HTTP-only failure, not an {@link ErrorCode}). */
    static final String UNAUTHORIZED = "UNAUTHORIZED";

    private final Javalin app;

    private ApiServer(Javalin app) {
        this.app = app;
    }

    /**
     * Starts serving.
     *
     * @param syncNow asks for a pass without waiting for it ({@code POST /sync})
     * @param metrics the Prometheus text of {@code GET /metrics}
     * @param token the bearer token of the mutating endpoints; without one they answer 403
     * @throws VersiondException ({@link ErrorCode#CONFIG}) if the address cannot be bound
     */
    public static ApiServer start(Agent agent, Runnable syncNow, Supplier<String> metrics, HttpAddress address,
                                  Optional<BearerToken> token) {
        return start(agent, syncNow, metrics, address, token, FleetViews.OFF, Optional.empty());
    }

    /** The same, serving {@code GET /fleet[?target=T]} from {@code fleet}. */
    public static ApiServer start(Agent agent, Runnable syncNow, Supplier<String> metrics, HttpAddress address,
                                  Optional<BearerToken> token, FleetViews fleet) {
        return start(agent, syncNow, metrics, address, token, fleet, Optional.empty());
    }

    /** The same, with {@code POST /hooks/git} answered by {@code hook} (403 without one), without a fleet view. */
    public static ApiServer start(Agent agent, Runnable syncNow, Supplier<String> metrics, HttpAddress address,
                                  Optional<BearerToken> token, Optional<PushHook> hook) {
        return start(agent, syncNow, metrics, address, token, FleetViews.OFF, hook);
    }

    /**
     * Starts serving: {@code GET /fleet[?target=T]} from {@code fleet}, {@code POST /hooks/git} answered by
     * {@code hook} (403 without one).
     *
     * @see #start(Agent, Runnable, Supplier, HttpAddress, Optional)
     */
    public static ApiServer start(Agent agent, Runnable syncNow, Supplier<String> metrics, HttpAddress address,
                                  Optional<BearerToken> token, FleetViews fleet, Optional<PushHook> hook) {
        Javalin app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.jsonMapper(new LazyJson());
            cfg.jetty.defaultHost = address.host();
            cfg.jetty.defaultPort = address.port();
            QueuedThreadPool threads = new QueuedThreadPool(16, 2);
            threads.setName("versiond-http");
            threads.setDaemon(true);
            cfg.jetty.threadPool = threads;
        });
        Auth auth = new Auth(token);
        Routes routes = new Routes(app);

        StatusPage page = fleet == FleetViews.OFF ? StatusPage.of(agent)
                : StatusPage.of(agent).with(new FleetSection(() -> fleet.read(Optional.empty())));
        routes.get("/", ctx -> {
            pageHeaders(ctx);
            ctx.html(page.render());
        });
        for (Asset asset : StatusPage.ASSETS) {
            routes.get(asset.path(), ctx -> {
                pageHeaders(ctx);
                ctx.contentType(asset.contentType()).result(asset.body());
            });
        }
        routes.get("/healthz", ctx -> ctx.result("ok"));
        routes.get("/readyz", ctx -> {
            boolean ready = agent.status().ready();
            ctx.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).result(ready ? "ready" : "not ready");
        });
        routes.get("/status", ctx -> ctx.json(StatusView.of(agent.status())));
        routes.get("/plan", ctx -> ctx.json(agent.plan()));
        routes.get("/history", ctx -> ctx.json(agent.history(component(ctx), limit(ctx))));
        routes.get("/fleet", ctx -> {
            Optional<dev.versiond.daemon.fleet.FleetView> view = fleet.read(Optional.ofNullable(ctx.queryParam("target"))
                    .filter(t -> !t.isBlank()));
            if (view.isEmpty()) {
                error(ctx, HttpStatus.NOT_IMPLEMENTED.getCode(), "host status in Git is off on this agent (status: true)", "STATUS_OFF");
            } else {
                ctx.json(view.get());
            }
        });
        routes.get("/metrics", ctx -> ctx.contentType(PROMETHEUS_TEXT).result(metrics.get()));

        routes.post("/sync", auth.guard(ctx -> {
            syncNow.run();
            ctx.status(HttpStatus.ACCEPTED).json(Map.of("accepted", true));
        }));
        routes.post("/suspend", auth.guard(ctx -> {
            agent.suspend();
            ctx.json(StatusView.of(agent.status()));
        }));
        routes.post("/resume", auth.guard(ctx -> {
            agent.resume();
            ctx.json(StatusView.of(agent.status()));
        }));
        routes.post("/retry", auth.guard(ctx -> {
            agent.retry(component(ctx));
            ctx.json(StatusView.of(agent.status()));
        }));

        routes.post("/hooks/git", ctx -> gitHook(ctx, hook));

        app.exception(VersiondException.class, (e, ctx) -> error(ctx, status(e.code()), e.getMessage(), e.code().name()));
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, status(ErrorCode.INTERNAL), "internal error: " + e, ErrorCode.INTERNAL.name());
        });
        app.error(404, ctx -> {
            String allowed = routes.allowed(ctx.path());
            if (allowed.isEmpty()) {
                error(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path(), "NOT_FOUND");
            } else {
                ctx.header("Allow", allowed);
                error(ctx, 405, ctx.method() + " is not allowed on " + ctx.path() + " (allowed: " + allowed + ")",
                        "METHOD_NOT_ALLOWED");
            }
        });

        try {
            app.start();
        } catch (RuntimeException e) {
            app.stop();
            throw new VersiondException(ErrorCode.CONFIG, "http: cannot listen on " + address + ": "
                    + rootMessage(e), e);
        }
        return new ApiServer(app);
    }

    private static void pageHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", PAGE_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
    }

    /** {@code POST /hooks/git}: 413 past {@link PushHook#MAX_BODY}, then the hook's answer. */
    private static void gitHook(Context ctx, Optional<PushHook> hook) throws java.io.IOException {
        if (hook.isEmpty()) {
            error(ctx, 403, "no hook secret configured: set hook-secret-file to enable " + ctx.path(), "NO_SECRET");
            return;
        }
        long declared = ctx.req().getContentLengthLong();
        byte[] body = declared > PushHook.MAX_BODY ? null
                : ctx.req().getInputStream().readNBytes(PushHook.MAX_BODY + 1);
        if (body == null || body.length > PushHook.MAX_BODY) {
            error(ctx, 413, "a push event is at most " + PushHook.MAX_BODY + " bytes", "TOO_LARGE");
            return;
        }
        switch (hook.get().receive(ctx::header, body)) {
            case ACCEPTED -> ctx.status(HttpStatus.ACCEPTED).json(Map.of("accepted", true));
            case UNSIGNED -> error(ctx, 401, "a push event must be signed (X-Hub-Signature-256, X-Gitea-Signature "
                    + "or X-Gitlab-Token)", UNAUTHORIZED);
            case WRONG_SIGNATURE -> error(ctx, 401, "the push event's signature does not match", UNAUTHORIZED);
            case RATE_LIMITED -> {
                ctx.header("Retry-After", String.valueOf(hook.get().retryAfterSeconds()));
                error(ctx, 429, "too many push events; the next regular poll will see the push", "RATE_LIMITED");
            }
        }
    }

    /** The HTTP status an error answers with. */
    static int status(ErrorCode error) {
        return switch (error) {
            case USAGE, CONFIG -> 400;
            case SPEC_INVALID -> 422;
            case SOURCE -> 502;
            case UNTRUSTED -> 403;
            case LOCKED, PLAN -> 409;
            case STATE, STEP_FAILED, INTERNAL -> 500;
        };
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    private static Optional<String> component(Context ctx) {
        return Optional.ofNullable(ctx.queryParam("component")).filter(c -> !c.isBlank());
    }

    private static int limit(Context ctx) {
        String text = ctx.queryParam("limit");
        if (text == null) {
            return DEFAULT_HISTORY;
        }
        if (!text.matches("\\d{1,4}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > MAX_HISTORY) {
            throw new VersiondException(ErrorCode.USAGE,
                    "limit: '" + text + "' is not a number from 1 to " + MAX_HISTORY);
        }
        return Integer.parseInt(text);
    }

    static void error(Context ctx, int status, String message, String code) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("code", code);
        ctx.status(status).json(body);
    }

    /** The port bound (the one asked for, or the one the system picked for port 0). */
    public int port() {
        return app.port();
    }

    /** Stops serving; requests in flight are ended. */
    @Override
    public void close() {
        app.stop();
    }

    /**
     * The routes, registered with Javalin and remembered by path, so that a known path asked with
     * another method answers 405 with an {@code Allow} header instead of Javalin's 404.
     */
    private static final class Routes {
        private final Javalin app;
        private final Map<String, Set<String>> methods = new LinkedHashMap<>();

        Routes(Javalin app) {
            this.app = app;
        }

        void get(String path, Handler handler) {
            app.get(path, handler);
            // Javalin answers HEAD with the GET handler, headers only.
            methods.computeIfAbsent(path, p -> new LinkedHashSet<>()).addAll(List.of("GET", "HEAD"));
        }

        void post(String path, Handler handler) {
            app.post(path, handler);
            methods.computeIfAbsent(path, p -> new LinkedHashSet<>()).add("POST");
        }

        /** {@code GET, HEAD} for a known path; empty for an unknown one. */
        String allowed(String path) {
            return String.join(", ", methods.getOrDefault(path, Set.of()));
        }
    }

    /** The bearer-token check in front of the mutating endpoints. */
    private record Auth(Optional<BearerToken> token) {
        Handler guard(Handler inner) {
            return ctx -> {
                if (token.isEmpty()) {
                    error(ctx, 403, "no token configured: set token-file to enable " + ctx.path(), "NO_TOKEN");
                    return;
                }
                String header = ctx.header("Authorization");
                String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                        ? header.substring(7).trim() : null;
                if (presented == null || !token.get().matches(presented)) {
                    ctx.header("WWW-Authenticate", "Bearer");
                    error(ctx, 401, presented == null ? "a bearer token is required" : "wrong bearer token",
                            UNAUTHORIZED);
                    return;
                }
                inner.handle(ctx);
            };
        }
    }
}
