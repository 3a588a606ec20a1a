// The example application that examples/fleet deploys: a stand-in for a real CMS backend.
// One file, JDK only; run it with the source launcher (no build step):
//   java CmsServer.java --config app.properties [--config more.properties] [--port 8080] [--version 1.2.0] [--pid-file FILE]
// GET /healthz answers 200 "ok", or 500 when the config says healthy=false (how the fleet's
// 1.3.0-rc.1 simulates a bad release); GET / answers the version. SIGHUP re-reads the config
// files (what `systemctl reload` sends); a config file that does not exist is skipped.
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

public class CmsServer {
    private static final List<Path> configFiles = new ArrayList<>();
    private static final Properties overrides = new Properties();
    private static volatile Properties config = new Properties();

    public static void main(String[] args) throws IOException {
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--config" -> configFiles.add(Path.of(args[i + 1]));
                case "--port" -> overrides.setProperty("port", args[i + 1]);
                case "--version" -> overrides.setProperty("version", args[i + 1]);
                case "--pid-file" -> overrides.setProperty("pid-file", args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        load();
        sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> load());
        String pidFile = config.getProperty("pid-file");
        if (pidFile != null) {
            Files.writeString(Path.of(pidFile), ProcessHandle.current().pid() + "\n");
            Path.of(pidFile).toFile().deleteOnExit();
        }
        int port = Integer.parseInt(config.getProperty("port", "8080"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/healthz", exchange -> {
            boolean healthy = !"false".equals(config.getProperty("healthy", "true"));
            reply(exchange, healthy ? 200 : 500, healthy ? "ok\n" : "unhealthy\n");
        });
        server.createContext("/", exchange -> reply(exchange, 200,
                "cms-backend " + config.getProperty("version", "unknown") + "\n"));
        server.start();
        System.out.println("cms-backend " + config.getProperty("version", "unknown") + " listening on 127.0.0.1:" + port);
    }

    private static synchronized void load() {
        Properties loaded = new Properties();
        for (Path file : configFiles) {
            if (!Files.exists(file)) {
                System.err.println("config file " + file + " does not exist, skipped");
                continue;
            }
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                loaded.load(reader);
            } catch (IOException e) {
                System.err.println("cannot read " + file + ": " + e.getMessage());
            }
        }
        loaded.putAll(overrides);
        config = loaded;
        System.out.println("config loaded, log.level=" + loaded.getProperty("log.level", "INFO"));
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
