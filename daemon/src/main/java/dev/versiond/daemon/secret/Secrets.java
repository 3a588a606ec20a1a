package dev.versiond.daemon.secret;

import dev.versiond.daemon.IoReason;
import dev.versiond.daemon.config.AgentConfig;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import dev.versiond.spec.validate.SecretNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Resolves secret references in a target's config values. A reference is a map with exactly one
 * key:
 * <ul>
 *   <li>{@code {secretFile: NAME}} — the content of the file {@code NAME} in the secrets directory
 *       (default {@value dev.versiond.daemon.config.AgentConfig#DEFAULT_SECRETS_DIR_TEXT}), one trailing newline stripped. {@code NAME} is a plain
 *       name ({@link SecretNames#isFileName}: no {@code /}, no {@code ..}); the file must be a
 *       regular file, not a symbolic link, so nothing outside the directory can be pulled in;
 *   <li>{@code {secretEnv: NAME}} — the environment variable {@code NAME} of the agent process.
 * </ul>
 * Problems name the reference, never a value. Resolution reads the host, so it happens in the
 * reconciler just before planning; the planner stays pure.
 */
public final class Secrets {
    /** Where {@code secretFile} names are looked up unless the agent config says otherwise. */
    public static final Path DEFAULT_DIR = AgentConfig.DEFAULT_SECRETS_DIR;
    public static final String FILE_KEY = SecretNames.FILE_KEY;
    public static final String ENV_KEY = SecretNames.ENV_KEY;

    private final Path dir;
    private final Map<String, String> env;

    /**
     * @param dir the secrets directory
     * @param env the environment {@code secretEnv} reads (the process's own in production)
     */
    public Secrets(Path dir, Map<String, String> env) {
        this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
        this.env = Map.copyOf(env);
    }

    /** Secrets from a directory and this process's environment. */
    public static Secrets of(Path dir) {
        return new Secrets(dir, System.getenv());
    }

    public Path dir() {
        return dir;
    }

    /** Whether a config value is a secret reference. */
    public static boolean isReference(Object value) {
        return SecretNames.isReference(value);
    }

    /** The config with every reference replaced by its value. */
    public ResolvedConfig resolve(Map<String, Object> config) {
        Walk walk = new Walk();
        Map<String, Object> resolved = walk.map("", config);
        return new ResolvedConfig(resolved, walk.secrets, walk.references, walk.problems);
    }

    private final class Walk {
        final Set<String> secrets = new LinkedHashSet<>();
        final List<String> references = new ArrayList<>();
        final List<String> problems = new ArrayList<>();

        Map<String, Object> map(String prefix, Map<?, ?> in) {
            Map<String, Object> out = new LinkedHashMap<>();
            in.forEach((k, v) -> out.put(String.valueOf(k), value(prefix + k, v)));
            return out;
        }

        Object value(String key, Object v) {
            if (isReference(v)) {
                return reference(key, (Map<?, ?>) v);
            }
            if (v instanceof Map<?, ?> m) {
                return map(key + ".", m);
            }
            if (v instanceof List<?> list) {
                List<Object> out = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    out.add(value(key + "[" + i + "]", list.get(i)));
                }
                return out;
            }
            return v;
        }

        Object reference(String key, Map<?, ?> ref) {
            Map.Entry<?, ?> e = ref.entrySet().iterator().next();
            String kind = String.valueOf(e.getKey());
            String name = e.getValue() instanceof String s ? s : null;
            String written = "config " + key + ": " + kind + " " + (name == null ? "(not a string)" : "'" + name + "'");
            references.add(written);
            try {
                if (name == null) {
                    throw new VersiondException(ErrorCode.SPEC_INVALID, "the name of a " + kind + " reference must be a string");
                }
                String value = FILE_KEY.equals(kind) ? file(name) : environment(name);
                secrets.add(value);
                return value;
            } catch (VersiondException problem) {
                problems.add(written + ": " + problem.getMessage());
                return "";
            }
        }
    }

    private String file(String name) {
        // The loader refuses such names already; checked again because a name is a path here.
        if (!SecretNames.isFileName(name)) {
            throw new VersiondException(ErrorCode.SPEC_INVALID, "a secretFile name is a plain file name in "
                    + dir + " (letters, digits, '.', '_', '-'; no '/', no leading '.')");
        }
        Path path = dir.resolve(name);
        try {
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attrs.isSymbolicLink()) {
                throw new VersiondException(ErrorCode.SPEC_INVALID, path + " is a symbolic link; secrets are read only "
                        + "from regular files in the secrets directory");
            }
            if (!attrs.isRegularFile()) {
                throw new VersiondException(ErrorCode.SPEC_INVALID, path + " is not a regular file");
            }
            String text = Files.readString(path, StandardCharsets.UTF_8);
            if (text.endsWith("\r\n")) {
                return text.substring(0, text.length() - 2);
            }
            return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        } catch (NoSuchFileException e) {
            throw new VersiondException(ErrorCode.SPEC_INVALID, "no file " + path + " (the secrets directory is "
                    + "secrets-dir in the agent config)");
        } catch (IOException e) {
            throw new VersiondException(ErrorCode.SPEC_INVALID, "cannot read " + path + ": " + IoReason.of(e), e);
        }
    }

    private String environment(String name) {
        if (!SecretNames.isEnvName(name)) {
            throw new VersiondException(ErrorCode.SPEC_INVALID, "not an environment variable name");
        }
        String value = env.get(name);
        if (value == null) {
            throw new VersiondException(ErrorCode.SPEC_INVALID, "the agent's environment has no variable " + name);
        }
        return value;
    }
}
