package dev.versiond.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The man pages, completions and changelog the package build makes from the command definitions. */
class PackageFilesTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void generate() throws IOException {
        PackageFiles.main(new String[] {dir.toString(), "1.2.0-SNAPSHOT"});
    }

    @Test
    void everyVisibleCommandHasAManPageCompressedAsGzipNineN() throws IOException {
        List<String> commands = Main.commandLine(EngineAgentFactory.INSTANCE).getSubcommands().keySet().stream().sorted().toList();
        assertThat(commands).contains("plan", "apply", "status", "history", "fleet", "audit", "completion", "man-pages", "run");
        for (String command : commands) {
            Path page = dir.resolve("man/versiond-" + command + ".1.gz");
            byte[] gz = Files.readAllBytes(page);
            assertThat(gz[8]).as("%s: XFL = maximum compression", page).isEqualTo((byte) 2);
            assertThat(new byte[] {gz[4], gz[5], gz[6], gz[7]}).as("no time stamp").containsOnly(0);
            assertThat(gunzip(page)).startsWith(".\\\" Generated").contains(".TH VERSIOND-" + command.toUpperCase(java.util.Locale.ROOT) + " 1");
        }
        assertThat(gunzip(dir.resolve("man/versiond.1.gz"))).contains(".SH COMMANDS").contains("\\fBversiond\\-plan\\fR(1)");
    }

    @Test
    void aManPageListsTheOptionsWithTheirDefaultsAndTheExitCodes() throws IOException {
        String plan = gunzip(dir.resolve("man/versiond-plan.1.gz"));

        assertThat(plan).contains(".SH OPTIONS").contains("\\fB\\-\\-repo\\fR \\fIURL|DIR\\fR")
                .contains("(default: main)").contains(".SH \"EXIT STATUS\"").contains(".B 64")
                .doesNotContain("${DEFAULT-VALUE}");
        // No line may start with a dot or a quote that roff would take for a request.
        for (String line : plan.split("\n")) {
            if (!line.startsWith(".")) {
                assertThat(line).doesNotStartWith("'");
            }
        }
    }

    @Test
    void theBashCompletionIsSourceableAndKnowsTheCommands() throws Exception {
        Path bash = dir.resolve("bash-completion/versiond");
        String script = Files.readString(bash);

        assertThat(script).doesNotStartWith("#!").contains("plan").contains("--repo");
        Process check = new ProcessBuilder("bash", "-c", ". \"$0\" && complete -p versiond", bash.toString())
                .redirectErrorStream(true).start();
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("versiond");
        assertThat(check.exitValue()).isZero();
    }

    @Test
    void zshAndFishCompleteEveryCommandAndItsOptions() throws IOException {
        String zsh = Files.readString(dir.resolve("zsh/_versiond"));
        String fish = Files.readString(dir.resolve("fish/versiond.fish"));

        assertThat(zsh).startsWith("#compdef versiond\n").contains("'plan:Print what a pass would do")
                .contains("plan) _arguments").contains("'--repo[");
        assertThat(fish).contains("complete -c versiond -n __fish_use_subcommand -a plan -d 'Print what a pass would do")
                .contains("complete -c versiond -n '__fish_seen_subcommand_from plan' -l repo -r -F");
    }

    @Test
    void theChangelogIsOneEntryOfTheDebianVersion() throws IOException {
        assertThat(gunzip(dir.resolve("doc/changelog.gz")))
                .startsWith("versiond (1.2.0~SNAPSHOT) unstable; urgency=medium\n")
                .containsPattern("\n -- versiond maintainers <maintainers@versiond\\.dev>  \\w{3}, \\d{2} \\w{3} \\d{4} [0-9:]{8} \\+0000\n$");
    }

    private static String gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
