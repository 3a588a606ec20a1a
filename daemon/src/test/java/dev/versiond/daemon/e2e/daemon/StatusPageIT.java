package dev.versiond.daemon.e2e.daemon;

import static dev.versiond.daemon.e2e.daemon.DaemonHost.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.versiond.daemon.testing.DaemonProcess;
import dev.versiond.daemon.testing.HeadlessChromium;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.awaitility.core.ConditionFactory;

/**
 * The status page in a real browser (Debian's headless Chromium) against a real daemon following a real
 * repository: what a person sees during a pass, after a rollback, with JavaScript off, and what the buttons
 * do. One daemon and one browser for the class; each test starts from app Synced at 1.0.0. Screenshots land
 * in {@code daemon/target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusPageIT {
    private static final Duration SLOW_UNPACK = Duration.ofMillis(3000);

    @TempDir
    static Path tmp;

    DaemonHost host;
    DaemonProcess daemon;
    HeadlessChromium browser;
    ChromeDriver page;

    @BeforeAll
    void startDaemonAndBrowser() {
        browser = HeadlessChromium.start();
        page = browser.driver();
        host = new DaemonHost(tmp);
        host.repo.release("1.0.0").slowRelease("1.1.0", SLOW_UNPACK).unhealthyRelease("1.3.0");
        host.repo.pin("1.0.0");
        daemon = host.start("--label", "env=staging", "--label", "team=<ops>");
        host.awaitSynced("1.0.0");
    }

    @AfterAll
    void stopDaemonAndBrowser() {
        try {
            if (host != null) {
                host.close();
            }
        } finally {
            if (browser != null) {
                browser.close();
            }
        }
    }

    @BeforeEach
    void backAtOneZeroZero() {
        host.awaitRevision(host.repo.pin("1.0.0"));
        host.awaitSynced("1.0.0");
    }

    /** Waits for what the page's script does on its own; an element replaced by a reload is looked up again. */
    private static ConditionFactory waitUpTo(Duration d) {
        return org.awaitility.Awaitility.await().atMost(d).pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsMatching(e -> e instanceof org.openqa.selenium.StaleElementReferenceException
                        || e instanceof org.openqa.selenium.NoSuchElementException);
    }

    private String text(String css) {
        return page.findElement(By.cssSelector(css)).getText();
    }

    private WebElement appRow() {
        return page.findElement(By.cssSelector("tr[data-component='app']"));
    }

    private String appCell(String cls) {
        return appRow().findElement(By.cssSelector("td." + cls)).getText();
    }

    @Test
    void aRunningPassShowsItsProgressLiveAndThenTheAppliedPass() {
        page.get(daemon.url() + "/");
        assertThat(text("#progress")).isEqualTo("no pass applying");

        String bump = host.repo.pin("1.1.0");

        // The script refreshes the page in place while the slow unpack runs.
        waitUpTo(Duration.ofSeconds(20)).until(() -> text("#progress").matches("\\d+/\\d+ app 1\\.1\\.0/unpack"));
        assertThat(text("#phase")).isEqualTo("applying");
        assertThat(appCell("progress")).matches("\\d+/\\d+ 1\\.1\\.0/unpack");
        assertThat(appRow().findElement(By.cssSelector("span.state")).getText()).isEqualTo("Progressing");
        // The server renders the same while a pass runs, for a reader without the script.
        String rendered = daemon.get("/").body();
        assertThat(rendered).contains("data-phase=\"applying\"").containsPattern("<dd id=\"progress\">\\d+/\\d+ app 1\\.1\\.0/");
        browser.screenshot("during-a-pass");

        // When the pass ends, the script reloads the page: history and plan as the server renders them.
        waitUpTo(Duration.ofSeconds(20)).until(() -> appCell("recorded").equals("1.1.0")
                && text("#progress").equals("no pass applying") && text("#passes details").contains("applied"));
        WebElement newest = page.findElement(By.cssSelector("#passes details"));
        assertThat(newest.getText()).contains("applied · poll").contains(bump.substring(0, 12));
        newest.findElement(By.tagName("summary")).click();
        assertThat(newest.findElement(By.cssSelector("ul.changes")).getText()).isEqualTo("app: 1.0.0 → 1.1.0 (upgrade)");
        assertThat(newest.findElement(By.cssSelector("table.steps")).getText())
                .contains("up app 1.1.0/unpack run applied").contains("verify app 1.1.0/healthy check applied");
        assertThat(text("#revision")).startsWith(bump.substring(0, 12) + " on ");
        assertThat(text("#plan .plan-head")).endsWith("nothing to change.");
        host.awaitSynced("1.1.0");
    }

    @Test
    void aRollbackShowsTheBlockedComponentItsTypedReasonAndTheStepsThatUndidIt() {
        host.repo.pin("1.3.0");
        host.awaitStatus("app Blocked", s -> s.path("phase").asText().equals("idle")
                && DaemonHost.app(s).path("state").asText().equals("Blocked"));

        page.get(daemon.url() + "/");

        assertThat(appCell("recorded")).isEqualTo("1.0.0");
        assertThat(appCell("desired")).isEqualTo("1.3.0");
        assertThat(appRow().findElement(By.cssSelector("span.state")).getText()).isEqualTo("Blocked");
        assertThat(appRow().findElement(By.cssSelector("code.reason-code")).getText()).isEqualTo("failed-at-commit");
        assertThat(appCell("last-error")).contains("app 1.3.0 answers 503");
        WebElement rolledBack = page.findElement(By.cssSelector("#passes details"));
        assertThat(rolledBack.getAttribute("open")).as("the newest pass, not applied, is open").isNotNull();
        assertThat(rolledBack.findElement(By.tagName("summary")).getText()).contains("rolled_back");
        String steps = rolledBack.findElement(By.cssSelector("table.steps")).getText();
        assertThat(steps).contains("verify app 1.3.0/healthy check failed").contains("app 1.3.0 answers 503")
                .contains("rollback app 1.3.0/switch link applied").contains("rollback app 1.3.0/unpack run applied")
                .contains("verify app 1.0.0/healthy check applied");
        assertThat(text("#plan")).contains("app 1.0.0 → 1.3.0").contains("failed-at-commit");
        // An older pass is closed until clicked.
        WebElement older = page.findElements(By.cssSelector("#passes details")).get(1);
        WebElement olderSteps = older.findElement(By.cssSelector("table.steps"));
        assertThat(olderSteps.isDisplayed()).isFalse();
        older.findElement(By.tagName("summary")).click();
        assertThat(olderSteps.isDisplayed()).isTrue();
        browser.screenshot("after-a-rollback");
    }

    @Test
    void withJavaScriptOffTheReadOnlyPartsAreAllThere() throws Exception {
        browser.javascript(false);
        try {
            page.get(daemon.url() + "/");

            assertThat(text("#host")).isEqualTo(DaemonHost.HOST);
            assertThat(page.findElements(By.cssSelector("#labels li"))).extracting(WebElement::getText)
                    .containsExactly("env=staging", "team=<ops>");
            assertThat(text("#signer")).isEqualTo("not signed (no signature required)");
            assertThat(appCell("recorded")).isEqualTo("1.0.0");
            assertThat(appRow().findElement(By.cssSelector("span.state")).getText()).isEqualTo("Synced");
            assertThat(page.findElements(By.cssSelector("#passes details"))).isNotEmpty();
            assertThat(page.findElement(By.cssSelector("#actions button[data-action='suspend']")).isEnabled())
                    .as("without the script, the buttons cannot send a token").isFalse();
            assertThat(text("#actions noscript + *, #actions .hint")).contains("The buttons need JavaScript");
            browser.screenshot("javascript-off");
        } finally {
            browser.javascript(true);
        }
        DaemonProcess.Response plain = daemon.get("/");
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.body()).contains("<h1 id=\"host\">" + DaemonHost.HOST + "</h1>")
                .contains("<span class=\"value\">&lt;ops&gt;</span>")
                .doesNotContain(TOKEN);
    }

    @Test
    void suspendAsksForTheTokenThenThePlanShowsTheWaitingBumpWithItsDiff() {
        page.get(daemon.url() + "/");
        WebElement suspend = page.findElement(By.cssSelector("#actions button[data-action='suspend']"));
        try {
            suspend.click();
            WebElement dialog = page.findElement(By.id("token-dialog"));
            assertThat(dialog.isDisplayed()).isTrue();
            assertThat(text("#token-action")).isEqualTo("suspend");
            page.findElement(By.id("token-input")).sendKeys("not-the-token");
            page.findElement(By.id("token-send")).click();
            waitUpTo(Duration.ofSeconds(5)).until(() -> text("#action-result").equals("suspend: wrong bearer token"));
            assertThat(daemon.status().path("suspended").asBoolean()).isFalse();

            suspend.click();
            assertThat(dialog.isDisplayed()).as("a refused token is asked again").isTrue();
            page.findElement(By.id("token-input")).sendKeys(TOKEN);
            page.findElement(By.id("token-send")).click();
            waitUpTo(Duration.ofSeconds(5)).until(() -> page.findElement(By.id("suspended")).isDisplayed());
            assertThat(text("#action-result")).isEqualTo("suspend: done");
            assertThat(daemon.status().path("suspended").asBoolean()).isTrue();
            // The token stays in the tab's memory until the page is left: sync sends it without asking again.
            page.findElement(By.cssSelector("#actions button[data-action='sync']")).click();
            assertThat(dialog.isDisplayed()).isFalse();
            waitUpTo(Duration.ofSeconds(5)).until(() -> text("#action-result").equals("sync: done"));

            String bump = host.repo.pin("1.1.0");
            host.awaitRevision(bump);
            // A new revision read: the script reloads the page, and the plan shows the bump held back.
            waitUpTo(Duration.ofSeconds(10)).until(() -> text("#revision").startsWith(bump.substring(0, 12)));
            assertThat(appCell("desired")).isEqualTo("1.1.0");
            assertThat(appRow().findElement(By.cssSelector("code.reason-code")).getText()).isEqualTo("suspended");
            WebElement versionFile = page.findElements(By.cssSelector("#plan .plan-steps li")).stream()
                    .filter(li -> li.getText().contains("1.1.0/version-file")).findFirst().orElseThrow();
            versionFile.findElement(By.cssSelector("details.diff summary")).click();
            assertThat(versionFile.findElement(By.tagName("pre")).getText()).contains("-1.0.0").contains("+1.1.0");
            browser.screenshot("suspended-with-a-waiting-plan");

            // The reload forgot the token: resume asks for it again.
            page.findElement(By.cssSelector("#actions button[data-action='resume']")).click();
            assertThat(page.findElement(By.id("token-dialog")).isDisplayed()).isTrue();
            page.findElement(By.id("token-input")).sendKeys(TOKEN);
            page.findElement(By.id("token-send")).click();
            host.awaitSynced("1.1.0");
        } finally {
            daemon.post("/resume", Optional.of(TOKEN));
        }
        List<JsonNode> history = host.history();
        assertThat(history.get(0).path("changes").toString()).contains("\"to\":\"1.1.0\"");
    }
}
