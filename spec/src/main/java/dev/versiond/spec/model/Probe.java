package dev.versiond.spec.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a check looks at: an HTTP GET, a TCP connect, a command's exit status, a PromQL query
 * against a Prometheus server, or (added by a {@link SnapshotStep} as its own preflight) the free
 * space a snapshot needs.
 */
public sealed interface Probe permits Probe.Http, Probe.Tcp, Probe.Exec, Probe.Prometheus, Probe.Space {

    Map<String, Object> definition();

    /** Passes when a GET of {@code url} answers {@code status}. */
    record Http(String url, int status) implements Probe {
        public Http {
            Objects.requireNonNull(url, "url");
            if (status < 100 || status > 599) {
                throw new IllegalArgumentException("HTTP status out of range: " + status);
            }
        }

        @Override
        public Map<String, Object> definition() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("http", url);
            m.put("status", status);
            return m;
        }
    }

    /** Passes when a TCP connection to {@code host:port} opens. */
    record Tcp(String host, int port) implements Probe {
        public Tcp {
            Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }

        @Override
        public Map<String, Object> definition() {
            return Map.of("tcp", host + ":" + port);
        }
    }

    /** Passes when the command exits 0. */
    record Exec(Command command) implements Probe {
        public Exec {
            Objects.requireNonNull(command, "command");
        }

        @Override
        public Map<String, Object> definition() {
            return Map.of("command", command.definition());
        }
    }

    /**
     * Passes when an instant PromQL {@code query} against the Prometheus server at {@code server}
     * (its base URL) returns at least one sample and every sample meets {@code threshold}. The
     * query may name the host as {@code {{host}}}, replaced by the agent's host name when it runs.
     */
    record Prometheus(String server, String query, Threshold threshold) implements Probe {
        /** What {@code {{host}}} in a query stands for. */
        public static final String HOST = "{{host}}";

        public Prometheus {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(query, "query");
            Objects.requireNonNull(threshold, "threshold");
        }

        /** The query for one host: {@code {{host}}} replaced by its name. */
        public String queryFor(String host) {
            return query.replace(HOST, host);
        }

        @Override
        public Map<String, Object> definition() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("prometheus", server);
            m.put("query", query);
            m.put(threshold.comparison().word(), Threshold.number(threshold.value()));
            return m;
        }
    }

    /**
     * Passes when the state directory has room for a snapshot of {@code paths} and {@code sqlite}
     * database files, and the capture is no larger than {@code maxSize}. Never written in YAML: a
     * snapshot step adds it ({@link SnapshotStep#spaceCheck}).
     */
    record Space(List<String> paths, List<String> sqlite, Optional<Long> maxSize) implements Probe {
        public Space {
            paths = List.copyOf(paths);
            sqlite = List.copyOf(sqlite);
            Objects.requireNonNull(maxSize, "maxSize");
        }

        @Override
        public Map<String, Object> definition() {
            Map<String, Object> space = new LinkedHashMap<>();
            space.put("paths", new java.util.ArrayList<Object>(paths));
            space.put("sqlite", new java.util.ArrayList<Object>(sqlite));
            maxSize.ifPresent(s -> space.put("maxSize", s));
            return Map.of("space", space);
        }
    }
}
