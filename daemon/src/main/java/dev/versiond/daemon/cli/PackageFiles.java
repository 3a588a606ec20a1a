package dev.versiond.daemon.cli;

import dev.versiond.daemon.cli.docs.Completions;
import dev.versiond.daemon.cli.docs.ManPages;
import dev.versiond.daemon.cli.docs.MaxGzip;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Writes what the Debian package ships besides the jar that is made from the command definitions, laid out
 * as the package installs it under {@code DIR}: {@code man/} (gzipped man pages), {@code bash-completion/},
 * {@code zsh/}, {@code fish/}, and {@code doc/changelog.gz} (a native package's changelog, which names the
 * commit). The build runs it in Maven's JVM ({@code exec:java} in daemon/pom.xml), which
 * is why it returns instead of calling {@link System#exit}. Users get the same files from
 * {@code versiond man-pages} and {@code versiond completion}.
 */
public final class PackageFiles {
    private PackageFiles() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: PackageFiles DIR MAVEN-VERSION");
        }
        Path dir = Path.of(args[0]);
        CommandLine root = Main.commandLine(EngineAgentFactory.INSTANCE);
        ManPages.write(root, VersionInfo.line(), dir.resolve("man"));
        write(dir.resolve("bash-completion/versiond"), Completions.script(Completions.Shell.bash, root));
        write(dir.resolve("zsh/_versiond"), Completions.script(Completions.Shell.zsh, root));
        write(dir.resolve("fish/versiond.fish"), Completions.script(Completions.Shell.fish, root));
        Path doc = Files.createDirectories(dir.resolve("doc"));
        Files.write(doc.resolve("changelog.gz"), MaxGzip.compress(changelog(debianVersion(args[1])).getBytes(StandardCharsets.UTF_8)));
    }

    /** The version as jdeb writes it into the control file: 0.1.0-SNAPSHOT sorts before 0.1.0 as 0.1.0~SNAPSHOT. */
    static String debianVersion(String mavenVersion) {
        return mavenVersion.replace('-', '~');
    }

    /** One entry in Debian's changelog format, for the version being packaged. */
    static String changelog(String debianVersion) {
        String date = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ENGLISH)
                .format(ZonedDateTime.now(ZoneOffset.UTC));
        return "versiond (" + debianVersion + ") unstable; urgency=medium\n\n"
                + "  * Built from " + VersionInfo.line().replaceFirst("^versiond \\S+ \\((.*)\\)$", "$1") + ".\n\n"
                + " -- versiond maintainers <maintainers@versiond.dev>  " + date + "\n";
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
