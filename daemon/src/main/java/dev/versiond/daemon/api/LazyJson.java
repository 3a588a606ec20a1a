package dev.versiond.daemon.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.json.JavalinJackson;
import io.javalin.json.JsonMapper;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.Type;
import java.util.stream.Stream;

/**
 * The API's JSON mapper (Jackson with {@code Optional} and {@code java.time} support, dates as ISO-8601
 * text), built on the first JSON response that needs it rather than at start. The status and the
 * small maps are written by {@link RecordJson} without it.
 *
 * <p>A daemon that is only probed ({@code /healthz}, {@code /readyz}) and scraped ({@code /metrics},
 * Prometheus text) never writes JSON; building the mapper and its modules up front would load a few
 * hundred classes that such a daemon keeps in memory for its whole life.
 */
final class LazyJson implements JsonMapper {
    private volatile JsonMapper jackson;

    private JsonMapper jackson() {
        JsonMapper j = jackson;
        if (j == null) {
            synchronized (this) {
                j = jackson;
                if (j == null) {
                    j = new JavalinJackson(mapper(), false);
                    jackson = j;
                }
            }
        }
        return j;
    }

    /** The mapper the API writes everything else with. */
    static ObjectMapper mapper() {
        return new ObjectMapper()
                .registerModule(new Jdk8Module())
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
    }

    @Override
    public String toJsonString(Object obj, Type type) {
        return streamed(obj) ? RecordJson.write(obj) : jackson().toJsonString(obj, type);
    }

    @Override
    public InputStream toJsonStream(Object obj, Type type) {
        return streamed(obj) ? new java.io.ByteArrayInputStream(RecordJson.write(obj).getBytes(StandardCharsets.UTF_8))
                : jackson().toJsonStream(obj, type);
    }

    /**
     * The status (of {@code GET /status} and of the actions, which answer with it) and the small maps
     * of acknowledgements and errors: what the status page, the CLI and scripts ask for all the
     * time, written without the mapper.
     */
    private static boolean streamed(Object obj) {
        return obj instanceof StatusView || obj instanceof java.util.Map;
    }

    @Override
    public void writeToOutputStream(Stream<?> stream, OutputStream outputStream) {
        jackson().writeToOutputStream(stream, outputStream);
    }

    @Override
    public <T> T fromJsonString(String json, Type targetType) {
        return jackson().fromJsonString(json, targetType);
    }

    @Override
    public <T> T fromJsonStream(InputStream json, Type targetType) {
        return jackson().fromJsonStream(json, targetType);
    }
}
