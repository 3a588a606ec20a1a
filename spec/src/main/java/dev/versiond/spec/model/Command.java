package dev.versiond.spec.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A process to start. Without {@code shell} the argv is executed directly (no shell, no
 * expansion). With {@code shell: true}, the single element of argv is a script for {@code /bin/sh -c}.
 *
 * @param argv program and arguments; with shell, exactly one element: the script
 * @param shell whether argv[0] is a shell script; only when the spec says so explicitly
 * @param env extra environment variables
 * @param cwd working directory (a host path, under --root), optional
 */
public record Command(List<String> argv, boolean shell, Map<String, String> env, Optional<String> cwd) {
    public Command {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
        Objects.requireNonNull(cwd, "cwd");
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least one argv element");
        }
        if (shell && argv.size() != 1) {
            throw new IllegalArgumentException("a shell command is one script string");
        }
    }

    public static Command of(String... argv) {
        return new Command(List.of(argv), false, Map.of(), Optional.empty());
    }

    /** The argv that is actually executed. */
    public List<String> processArgv() {
        return shell ? List.of("/bin/sh", "-c", argv.get(0)) : argv;
    }

    Map<String, Object> definition() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("argv", argv);
        m.put("shell", shell);
        m.put("env", new TreeMap<>(env));
        cwd.ifPresent(c -> m.put("cwd", c));
        return m;
    }

    @Override
    public String toString() {
        return String.join(" ", argv);
    }
}
