package dev.versiond.daemon.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, for the tests of the status page: one
 * browser for a whole test class ({@link #start}, {@link #close}). Both binaries are given by path, so
 * Selenium Manager never runs and nothing is downloaded; the flags keep Chromium from calling home.
 *
 * <p>A missing Chromium fails the test with what to install ({@code .ci/run} installs it), unless
 * {@value #OPT_OUT} is set to {@code true}: a browser test never passes by not running.
 */
public final class HeadlessChromium implements AutoCloseable {
    /** The environment variable that lets a machine without Chromium skip the browser tests, on purpose. */
    public static final String OPT_OUT = "VERSIOND_SKIP_BROWSER_TESTS";
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("VERSIOND_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("VERSIOND_CHROMEDRIVER",
            "/usr/bin/chromedriver"));
    /** Where screenshots go for a person to look at: {@code daemon/target/screenshots/}. */
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Path profile;

    private HeadlessChromium(ChromeDriverService service, ChromeDriver driver, Path profile) {
        this.service = service;
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts one browser with a fresh profile; fails naming what is missing (or skips, with {@value #OPT_OUT}). */
    public static HeadlessChromium start() {
        requireInstalled(CHROMIUM, CHROMEDRIVER, Boolean.parseBoolean(System.getenv(OPT_OUT)));
        try {
            Path profile = Files.createTempDirectory("versiond-chromium-");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .withLogOutput(java.io.OutputStream.nullOutputStream())
                    .build();
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-default-apps", "--disable-extensions", "--window-size=1280,1600",
                    "--user-data-dir=" + profile);
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
            return new HeadlessChromium(service, driver, profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails naming what is missing, or, when {@code optedOut}, aborts the test (reported as skipped). */
    static void requireInstalled(Path chromium, Path chromedriver, boolean optedOut) {
        Optional<String> missing = !Files.isExecutable(chromium) ? Optional.of("no Chromium at " + chromium)
                : !Files.isExecutable(chromedriver) ? Optional.of("no chromedriver at " + chromedriver)
                : Optional.empty();
        if (missing.isEmpty()) {
            return;
        }
        if (optedOut) {
            Assumptions.abort(missing.get() + "; skipped because " + OPT_OUT + "=true");
        }
        throw new AssertionError(missing.get() + ": install Debian's packages (apt-get install -y chromium "
                + "chromium-driver; .ci/run does), or set " + OPT_OUT + "=true to skip the browser tests on purpose");
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Turns the page's JavaScript off (or on again) for what this browser loads next. */
    public void javascript(boolean enabled) {
        driver.executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", !enabled));
    }

    /** Saves what the browser shows as {@code target/screenshots/<name>.png}; returns the file. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover profile under the temporary directory is harmless.
        }
    }
}
