package dev.versiond.daemon.state;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the SQLite driver unpacks its native library. By default every process unpacks it into
 * the shared temporary directory and, on start, deletes the copies there it believes stale, so two
 * versiond processes starting and ending at once race on each other's files and one prints the
 * driver's 44-line stack trace. Each process gets a directory of its own instead
 * ({@code versiond-sqlite-<pid>-<random>}, owner-only, deleted at exit); directories left by
 * processes that were killed are removed by the next start.
 */
public final class SqliteNativeLibrary {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteNativeLibrary.class);
    /** The driver's property for the directory it unpacks into. */
    static final String TMPDIR_PROPERTY = "org.sqlite.tmpdir";
    private static final String PREFIX = "versiond-sqlite-";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-.*");

    /** This process's directory, once made. */
    private static volatile Path privateDirectory;

    private SqliteNativeLibrary() {
    }

    /**
     * Points the driver at a private directory; call before the first database is opened. An
     * operator's own {@code -Dorg.sqlite.tmpdir} or {@code -Dorg.sqlite.lib.path} is left alone,
     * and when no directory can be made the driver keeps its default.
     */
    public static void usePrivateDirectory() {
        if (System.getProperty(TMPDIR_PROPERTY) != null || System.getProperty("org.sqlite.lib.path") != null) {
            return;
        }
        try {
            Path dir = prepare(Path.of(System.getProperty("java.io.tmpdir")), ProcessHandle.current().pid());
            // Registered before the driver registers its files, so deleted after them.
            dir.toFile().deleteOnExit();
            System.setProperty(TMPDIR_PROPERTY, dir.toString());
            privateDirectory = dir;
        } catch (IOException e) {
            LOG.debug("SQLite unpacks its library into the shared temporary directory: {}", e.toString());
        }
    }

    /**
     * Deletes this process's directory now, for a process that ends with {@code Runtime.halt}
     * (the daemon on SIGTERM), which skips the deletion at exit. The loaded library stays mapped.
     */
    public static void deletePrivateDirectory() {
        Path dir = privateDirectory;
        if (dir != null) {
            delete(dir);
        }
    }

    /** Creates this process's directory under {@code tmp} and removes those of processes no longer alive. */
    static Path prepare(Path tmp, long pid) throws IOException {
        Path dir = Files.createTempDirectory(tmp, PREFIX + pid + "-");
        removeStale(tmp, dir, Files.getOwner(dir));
        return dir;
    }

    private static void removeStale(Path tmp, Path mine, UserPrincipal owner) {
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmp, PREFIX + "*")) {
            for (Path entry : entries) {
                Matcher m = NAME.matcher(entry.getFileName().toString());
                if (m.matches() && !entry.equals(mine) && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)
                        && owner.equals(Files.getOwner(entry, LinkOption.NOFOLLOW_LINKS))
                        && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                    stale.add(entry);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return; // a leftover costs a megabyte of temporary space, not correctness
        }
        stale.forEach(SqliteNativeLibrary::delete);
    }

    /** The driver writes only files (the library and its {@code .lck}) into the directory. */
    private static void delete(Path dir) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            LOG.debug("cannot remove {}: {}", dir, e.toString());
        }
    }
}
