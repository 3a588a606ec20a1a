package dev.versiond.daemon.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** A browser test never passes by not running: a missing Chromium fails it unless skipping was asked for. */
class HeadlessChromiumTest {
    private static final Path ABSENT = Path.of("/nonexistent/chromium");
    private static final Path SH = Path.of("/bin/sh");

    @Test
    void aMissingChromiumFailsSayingWhatToInstall() {
        assertThatThrownBy(() -> HeadlessChromium.requireInstalled(ABSENT, SH, false))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("no Chromium at /nonexistent/chromium")
                .hasMessageContaining("apt-get install -y chromium chromium-driver")
                .hasMessageContaining(HeadlessChromium.OPT_OUT + "=true");
        assertThatThrownBy(() -> HeadlessChromium.requireInstalled(SH, ABSENT, false))
                .isInstanceOf(AssertionError.class).hasMessageContaining("no chromedriver at /nonexistent/chromium");
    }

    @Test
    void onlyTheExplicitOptOutSkips() {
        assertThatThrownBy(() -> HeadlessChromium.requireInstalled(ABSENT, SH, true))
                .isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("skipped because " + HeadlessChromium.OPT_OUT + "=true");
        assertThatCode(() -> HeadlessChromium.requireInstalled(SH, SH, false)).doesNotThrowAnyException();
    }
}
