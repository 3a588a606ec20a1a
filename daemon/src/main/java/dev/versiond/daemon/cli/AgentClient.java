package dev.versiond.daemon.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.versiond.daemon.config.AgentConfig;
import dev.versiond.daemon.config.AgentConfigLoader;
import dev.versiond.daemon.config.HttpAddress;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command line's way to the running agent's HTTP API, as {@code kubectl} asks the API server: {@code status},
 * {@code history} and {@code plan} read what the agent already knows instead of opening the state and the
 * repository in a JVM of their own. The address is {@code --url} when given, else the {@code http:} of the
 * agent's config file (an agent listening on every interface is asked on loopback), else the default
 * {@value AgentConfig#DEFAULT_HTTP_TEXT}. A config file that cannot be read (it is root's, 0600) or is invalid
 * leaves the default: the client has no business refusing to start over the agent's config.
 */
final class AgentClient {
    /** Where the package installs the agent's config and the unit reads it. */
    static final String DEFAULT_CONFIG_TEXT = "/etc/versiond/agent.yaml";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new Jdk8Module())
            .registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final URI base;

    private AgentClient(URI base) {
        this.base = base;
    }

    /** The agent at {@code url}, or at the address its config file {@code config} names. */
    static AgentClient of(Optional<String> url, Path config) {
        String address = url.filter(u -> !u.isBlank()).orElseGet(() -> "http://" + configured(config));
        try {
            URI uri = URI.create(address.replaceAll("/+$", "") + "/");
            if (uri.getHost() == null || !"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return new AgentClient(uri);
        } catch (IllegalArgumentException e) {
            throw new VersiondException(ErrorCode.USAGE, "--url takes the agent's address (http://HOST:PORT), got '" + address + "'");
        }
    }

    private static String configured(Path config) {
        if (!Files.isReadable(config)) {
            return AgentConfig.DEFAULT_HTTP_TEXT;
        }
        try {
            HttpAddress http = new AgentConfigLoader(System.getenv(), () -> "localhost")
                    .load(Optional.of(config), Map.of(), List.of()).http();
            String host = switch (http.host()) {
                case "0.0.0.0", "" -> "127.0.0.1";
                case "::", "[::]" -> "[::1]";
                default -> http.host().contains(":") && !http.host().startsWith("[") ? "[" + http.host() + "]" : http.host();
            };
            return host + ":" + http.port();
        } catch (VersiondException e) {
            return AgentConfig.DEFAULT_HTTP_TEXT;
        }
    }

    String base() {
        return base.toString().replaceAll("/$", "");
    }

    /** The agent's answer to {@code GET path}; empty when nothing listens there (no agent is running). */
    Optional<Answer> get(String path) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return Optional.of(new Answer(response.statusCode(), response.body()));
        } catch (ConnectException | HttpConnectTimeoutException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new VersiondException(ErrorCode.SOURCE, "the agent at " + base() + " did not answer " + path + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VersiondException(ErrorCode.INTERNAL, "interrupted while asking the agent at " + base());
        }
    }

    /** One HTTP answer of the agent. */
    record Answer(int status, String body) {
        /** The body read as {@code type} (records of the API: PassRecord, PlanView). */
        <T> T read(JavaType type, String path) {
            if (status != 200) {
                throw new VersiondException(ErrorCode.SOURCE, "the agent answered " + path + " with " + status + ": " + body);
            }
            try {
                return JSON.readValue(body, type);
            } catch (IOException e) {
                throw new VersiondException(ErrorCode.SOURCE, "the agent's answer to " + path + " is not what this versiond reads: "
                        + e.getMessage());
            }
        }

        <T> T read(Class<T> type, String path) {
            return read(JSON.constructType(type), path);
        }

        <T> List<T> readList(Class<T> element, String path) {
            return read(JSON.getTypeFactory().constructCollectionType(List.class, element), path);
        }
    }
}
