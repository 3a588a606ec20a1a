package dev.versiond.daemon.cli;

import dev.versiond.daemon.IoReason;
import dev.versiond.daemon.source.ScratchRepository;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code versiond run --dev}: everything a newcomer needs to watch the agent work, under a scratch
 * directory ({@code .dev/} in the working directory): a Git repository made from
 * {@code examples/fleet} (kept across runs, so their commits stay), a host root, a state directory,
 * a token, and the {@code systemctl} stand-in from {@code examples/dev} that really starts the
 * example's service, so its health checks pass or fail for real.
 */
final class DevMode {
    static final String HOST = "dev-1";

    private final Path dir;
    private final Path examples;

    private DevMode(Path dir, Path examples) {
        this.dir = dir;
        this.examples = examples;
    }

    /**
     * Finds {@code examples/} (next to the working directory, or next to the jar in a source
     * checkout) and prepares {@code .dev/} in the working directory.
     */
    static DevMode prepare(PrintWriter out) {
        Path examples = findExamples();
        DevMode dev = new DevMode(Path.of(".dev").toAbsolutePath(), examples);
        dev.create(out);
        return dev;
    }

    private static Path findExamples() {
        List<Path> candidates = new java.util.ArrayList<>(List.of(Path.of("examples")));
        try {
            Path jar = Path.of(DevMode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            candidates.add(jar.getParent().resolve("../../examples").normalize());
        } catch (java.net.URISyntaxException | SecurityException ignored) {
            // Not run from a jar on a file system: the working directory is the only place to look.
        }
        return candidates.stream().map(Path::toAbsolutePath)
                .filter(p -> Files.isDirectory(p.resolve("fleet")) && Files.isRegularFile(p.resolve("dev/systemctl")))
                .findFirst()
                .orElseThrow(() -> new VersiondException(ErrorCode.USAGE, "--dev needs the bundled examples: run it from "
                        + "the root of a versiond checkout (where examples/fleet and examples/dev/systemctl are)"));
    }

    private void create(PrintWriter out) {
        try {
            Files.createDirectories(dir);
            if (!ScratchRepository.exists(repo())) {
                ScratchRepository.copyTree(examples.resolve("fleet"), repo());
                ScratchRepository.initAndCommit(repo(), "The example fleet, copied by versiond run --dev");
                out.println("versiond --dev: created the scratch repository " + repo() + " from " + examples.resolve("fleet"));
            } else {
                out.println("versiond --dev: reusing " + repo() + " (delete " + dir + " to start over)");
            }
            Files.createDirectories(root());
            Files.createDirectories(state());
            if (!Files.exists(token())) {
                byte[] secret = new byte[24];
                new SecureRandom().nextBytes(secret);
                Files.createFile(token(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(token(), HexFormat.of().formatHex(secret) + "\n", StandardCharsets.UTF_8);
            }
            systemctl().toFile().setExecutable(true);
        } catch (IOException e) {
            throw new VersiondException(ErrorCode.USAGE, "cannot prepare " + dir + ": " + IoReason.of(e), e);
        }
    }

    Path repo() {
        return dir.resolve("repo");
    }

    Path root() {
        return dir.resolve("root");
    }

    Path state() {
        return dir.resolve("state");
    }

    Path token() {
        return dir.resolve("token");
    }

    Path systemctl() {
        return examples.resolve("dev/systemctl");
    }

    /** The settings --dev stands for; flags given on the command line still win. */
    Map<String, String> flags() {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("repo", repo().toString());
        flags.put("state", state().toString());
        flags.put("root", root().toString());
        flags.put("host", HOST);
        flags.put("systemctl", systemctl().toString());
        flags.put("token-file", token().toString());
        flags.put("interval", "5s");
        flags.put("jitter", "0");
        return flags;
    }

    /** What to try next, printed once the agent serves. */
    void printGuide(PrintWriter out, String statusUrl) {
        String jar = "java -jar daemon/target/versiond.jar";
        out.printf("""

                versiond is running in dev mode (host %s, label env=dev, polling every 5s):
                  desired state   %s   (a Git repository: commit to it)
                  host root       %s
                  state           %s
                  status          %s/status
                  token           %s

                Try, in another terminal from this directory:
                  %s status
                  sed -i 's/version: 1.1.0 /version: 1.2.0 /' .dev/repo/targets/dev.yaml
                  git -C .dev/repo commit -qam "Roll cms-backend 1.2.0 out to dev"
                  %s status                 # Progressing, then Synced at 1.2.0
                  curl -s http://127.0.0.1:18080/  # the example service answers with its version
                Watch a failing health check roll back (1.3.0-rc.1 answers 500 on /healthz):
                  sed -i 's/version: 1.2.0 /version: 1.3.0-rc.1 /' .dev/repo/targets/dev.yaml
                  git -C .dev/repo commit -qam "Try the release candidate"
                  %s history --state .dev/state --limit 1
                  sqlite3 .dev/root/var/lib/cms/cms.db 'SELECT title FROM article'  # the data survived
                Stop with Ctrl-C; the example service stops with the agent.

                """, HOST, repo(), root(), state(), statusUrl, token(), jar, jar, jar);
        out.flush();
    }

    /** Stops every unit the stand-in started, so no example service outlives the agent. */
    void stopUnits() {
        Path units = root().resolve("etc/versiond-dev/units");
        if (!Files.isDirectory(units)) {
            return;
        }
        try (Stream<Path> files = Files.list(units)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".env")).toList()) {
                String unit = f.getFileName().toString().replaceFirst("\\.env$", "");
                ProcessBuilder pb = new ProcessBuilder(systemctl().toString(), "stop", unit).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD);
                pb.environment().put("VERSIOND_ROOT", root().toString());
                Process p = pb.start();
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        } catch (IOException e) {
            throw new VersiondException(ErrorCode.INTERNAL, "cannot stop the dev units: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
