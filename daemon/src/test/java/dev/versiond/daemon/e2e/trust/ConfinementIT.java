package dev.versiond.daemon.e2e.trust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.testing.GitFixture;
import dev.versiond.daemon.testing.VersiondCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of ways a desired state could reach outside: traversal paths, paths and link targets
 * outside the allowed roots, a symbolic link planted under {@code --root} that leads out of it, a
 * symbolic link committed to the desired-state repository. Each is refused with a message naming
 * what was refused, and nothing outside the root (or the allowed roots) changes — checked with the
 * real jar running {@code plan} and {@code apply --once}.
 */
class ConfinementIT {
    private static final String OUTSIDE_CONTENT = "outside-content-must-not-leak";

    @TempDir
    Path work;

    /**
     * @param up the migration's up steps (YAML)
     * @param allowedRoots {@code --allowed-root} values
     * @param plantOptLink whether {@code root/opt} is a symbolic link to the outside directory
     * @param repoSymlink a symbolic link committed to the repository (path, target), or null
     * @param refusal what the plan or the apply says
     */
    record Case(String name, String up, List<String> allowedRoots, boolean plantOptLink, String[] repoSymlink,
                String refusal) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> corpus() {
        return Stream.of(
                new Case("a traversal path", file("/opt/app/../../etc/passwd"), List.of(), false, null,
                        "must be normalised"),
                new Case("a file outside the allowed roots", file("/etc/passwd"), List.of("/opt", "/etc/cms"), false, null,
                        "step 'write' path /etc/passwd is outside the allowed roots [/opt, /etc/cms]"),
                new Case("a link whose absolute target escapes the allowed roots",
                        "  - id: switch\n    link: { path: /opt/app/current, target: /etc }\n", List.of("/opt"), false, null,
                        "step 'switch' target /etc is outside the allowed roots"),
                new Case("a file under a symbolic link planted under the root, leading out of it",
                        file("/opt/app/app.conf"), List.of(), true, null,
                        "a parent directory is a symbolic link leading out of the root"),
                new Case("a symbolic link committed to the desired-state repository",
                        "  - id: write\n    file: { path: /opt/app/app.conf, template: templates/passwd }\n", List.of(),
                        false, new String[] {"components/app/templates/passwd", "/etc/passwd"},
                        "is a symbolic link: symbolic links are not followed")
        ).map(Arguments::of);
    }

    private static String file(String path) {
        return "  - id: write\n    file: { path: " + path + ", content: \"pwned\\n\" }\n";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void isRefusedAndNothingOutsideChanges(Case c) throws IOException {
        Path root = Files.createDirectories(work.resolve("root"));
        Path state = work.resolve("state");
        Path outside = Files.createDirectories(work.resolve("outside"));
        Files.createDirectories(outside.resolve("app"));
        Files.writeString(outside.resolve("app/app.conf"), OUTSIDE_CONTENT);
        if (c.plantOptLink()) {
            Files.createSymbolicLink(root.resolve("opt"), outside);
        }
        GitFixture repo = GitFixture.init(work.resolve("repo"))
                .write("components/app/component.yaml", "kind: Component\nname: app\n")
                .write("components/app/migrations/1.0.0.yaml", "kind: Migration\nversion: 1.0.0\nup:\n" + c.up())
                .write("targets/all.yaml", "kind: Target\nname: all\ncomponents:\n  app: { version: 1.0.0 }\n");
        if (c.repoSymlink() != null) {
            repo.symlink(c.repoSymlink()[0], c.repoSymlink()[1]);
        }
        repo.commit(c.name());
        List<Path> outsideBefore = listing(outside);
        List<String> args = new ArrayList<>(List.of("--repo", repo.url(), "--state", state.toString(), "--root",
                root.toString(), "--host", "web-1"));
        c.allowedRoots().forEach(r -> {
            args.add("--allowed-root");
            args.add(r);
        });
        VersiondCli cli = VersiondCli.fromSystemProperty();

        List<String> plan = new ArrayList<>(List.of("plan"));
        plan.addAll(args);
        VersiondCli.Result planned = cli.run(plan.toArray(String[]::new));
        List<String> apply = new ArrayList<>(List.of("apply", "--once"));
        apply.addAll(args);
        VersiondCli.Result applied = cli.run(apply.toArray(String[]::new));

        assertThat(planned.output() + applied.output()).contains(c.refusal()).doesNotContain(OUTSIDE_CONTENT);
        assertThat(listing(outside)).isEqualTo(outsideBefore);
        assertThat(outside.resolve("app/app.conf")).hasContent(OUTSIDE_CONTENT);
        assertThat(root.resolve("etc/passwd")).doesNotExist();
        assertThat(root.resolve("opt/app/current")).doesNotExist();
        try (Stream<Path> s = Files.walk(root)) {
            assertThat(s.filter(Files::isRegularFile).toList()).as("nothing written under the root").isEmpty();
        }
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.sorted().toList();
        }
    }
}
