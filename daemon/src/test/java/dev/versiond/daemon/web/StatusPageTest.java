package dev.versiond.daemon.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.daemon.fleet.FleetView;
import dev.versiond.daemon.fleet.HostReport;
import dev.versiond.daemon.fleet.Outcome;
import dev.versiond.daemon.reconcile.AgentStatus;
import dev.versiond.daemon.reconcile.ComponentState;
import dev.versiond.daemon.reconcile.ComponentStatus;
import dev.versiond.daemon.reconcile.FakeAgent;
import dev.versiond.daemon.reconcile.Phase;
import dev.versiond.daemon.reconcile.Progress;
import dev.versiond.daemon.state.Reason;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusPageTest {
    private final FakeAgent agent = new FakeAgent();

    private static AgentStatus withLabels(AgentStatus s, Map<String, String> labels, Optional<Progress> progress,
                                          ComponentStatus... components) {
        return new AgentStatus(s.host(), labels, s.ready(), s.suspended(), progress.isPresent() ? Phase.APPLYING : s.phase(),
                s.revision(), s.nextWindow(), progress, s.lastError(), s.lastSuccess(), List.of(components), s.untrusted());
    }

    @Test
    void showsTheHostItsLabelsTheRevisionAndItsSigner() {
        String html = StatusPage.of(agent).render();

        assertThat(html).contains("<h1 id=\"host\">web-01</h1>")
                .contains("<span class=\"key\">env</span>=<span class=\"value\">prod</span>")
                .contains("<code title=\"abc1234def5678abc1234def5678abc1234def56\">abc1234def56</code> on main")
                .contains("<dd id=\"signer\">ops@example.com</dd>")
                .contains("no pass applying");
    }

    @Test
    void everyValueIsHtmlEscaped() {
        AgentStatus s = FakeAgent.status(true);
        agent.setStatus(withLabels(s, Map.of("team", "<script>alert(1)</script>"), Optional.empty(),
                new ComponentStatus("app", Optional.of("1.0.0"), Optional.of("1.1.0"), ComponentState.BLOCKED,
                        Optional.of("failed at commit \"<b>x</b>\""), Optional.of("exit 7 & <oops>"),
                        Optional.of(Reason.FAILED_AT_COMMIT))));

        String html = StatusPage.of(agent).render();

        assertThat(html).doesNotContain("<script>alert").doesNotContain("<b>x</b>").doesNotContain("<oops>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("&lt;b&gt;x&lt;/b&gt;")
                .contains("exit 7 &amp; &lt;oops&gt;");
    }

    @Test
    void aRunningPassShowsItsProgressOnTheSummaryAndOnItsComponent() {
        agent.setStatus(withLabels(FakeAgent.status(true), Map.of(), Optional.of(new Progress(2, 5, "app", "1.1.0", "unpack")),
                new ComponentStatus("app", Optional.of("1.0.0"), Optional.of("1.1.0"), ComponentState.PROGRESSING,
                        Optional.empty(), Optional.empty()),
                FakeAgent.synced("db", "3.0.0")));

        String html = StatusPage.of(agent).render();

        assertThat(html).contains("data-phase=\"applying\"")
                .contains("<dd id=\"progress\">2/5 app 1.1.0/unpack</dd>")
                .contains("<td class=\"progress\">2/5 1.1.0/unpack</td>")
                .contains("<span class=\"state state-progressing\">Progressing</span>")
                .contains("<span class=\"state state-synced\">Synced</span>");
    }

    @Test
    void aComponentShowsItsTypedReasonBesideTheText() {
        agent.setStatus(withLabels(FakeAgent.status(true), Map.of(), Optional.empty(),
                new ComponentStatus("app", Optional.of("1.0.0"), Optional.of("1.1.0"), ComponentState.WAITING,
                        Optional.of("outside maintenance window"), Optional.empty(), Optional.of(Reason.WINDOW_CLOSED))));

        assertThat(StatusPage.of(agent).render())
                .contains("<code class=\"reason-code\">window-closed</code> <span class=\"reason-text\">outside maintenance window</span>");
    }

    @Test
    void passesAreExpandableWithTheirChangesAndSteps() {
        String html = StatusPage.of(agent).render();

        assertThat(html).contains("<details class=\"pass result-applied\" id=\"pass-3\">")
                .contains("<span class=\"pass-id\">#3</span> <span class=\"result\">applied</span> · poll")
                .contains("<li>app: 1.2.0 → 1.3.0 (upgrade)</li>")
                .contains("<td>up</td><td>app 1.3.0/unpack</td><td>run</td><td class=\"outcome\">applied</td><td>1.5 s</td>");
    }

    @Test
    void thePlanShowsEachStepAndFileDiffsLineByLine() {
        String html = StatusPage.of(agent).render();

        assertThat(html).contains("Against <code>abc1234</code>: changes to make.")
                .contains("<span class=\"versions\">1.2.0 → 1.3.0</span> <span class=\"action\">upgrade</span>")
                .contains("<span class=\"direction\">up</span> 1.3.0/config")
                .contains("<span class=\"del\">-x</span>").contains("<span class=\"add\">+y</span>");
    }

    @Test
    void aPlanThatCannotBeComputedLeavesTheRestOfThePage() {
        agent.failPlanWith(new VersiondException(ErrorCode.SPEC_INVALID, "targets/all.yaml:3:5: unknown key 'verison'"));

        String html = StatusPage.of(agent).render();

        assertThat(html).contains("The plan cannot be computed: targets/all.yaml:3:5: unknown key &#39;verison&#39;")
                .contains("<td class=\"name\">app</td>");
    }

    @Test
    void anotherSectionSlotsInAfterTheOthersWithItsOwnTemplate() {
        record Extra(String greeting, String host) {
        }
        PageSection extra = new PageSection() {
            @Override
            public String id() {
                return "extra-view";
            }

            @Override
            public String title() {
                return "Extra";
            }

            @Override
            public Object model(PageData data) {
                return new Extra("<hello>", data.status().host());
            }
        };

        String html = StatusPage.of(agent).with(extra).render();

        assertThat(html).contains("<a href=\"#extra-view\">Extra</a>")
                .contains("<section id=\"extra-view\">\n<h2>Extra</h2>\n<p class=\"extra\">&lt;hello&gt; from web-01</p>");
        assertThat(html.indexOf("id=\"plan\"")).isLessThan(html.indexOf("id=\"extra-view\""));
    }

    @Test
    void theFleetSectionShowsEachRolloutWaveByWaveAHaltWithItsFailingHostsAndEveryHostsReport() {
        FleetView.Rollout halted = new FleetView.Rollout("prod", "0123456789abcdef0123456789abcdef01234567",
                Map.of(0, new FleetView.WaveCount(0, 2, 0), 1, new FleetView.WaveCount(0, 0, 4)), true,
                List.of("canary-1", "canary-2"), Optional.of("2 failed of 2 reporting, budget 0"));
        HostReport canary = new HostReport("canary-1", Map.of("env", "prod"), "0.1.0", Instant.parse("2026-12-01T12:00:00Z"),
                Optional.of("0123456789abcdef0123456789abcdef01234567"), Optional.empty(), Optional.empty(), Optional.empty(),
                new HostReport.Pass("rolled-back", "verify failed", Instant.parse("2026-12-01T12:00:00Z"), 1200),
                List.of(new HostReport.TargetOutcome("prod", 0, Outcome.FAILED)), List.of());

        String html = StatusPage.of(agent)
                .with(new FleetSection(() -> Optional.of(new FleetView(List.of(canary), List.of(halted))))).render();
        String off = StatusPage.of(agent).with(new FleetSection(Optional::empty)).render();
        String unreadable = StatusPage.of(agent).with(new FleetSection(() -> {
            throw new VersiondException(ErrorCode.SOURCE, "git://status.example/fleet: connection refused");
        })).render();

        assertThat(html).contains("<a href=\"#fleet\">Fleet</a>")
                .contains("<h3>prod at 0123456789ab <span class=\"state state-halted\">Halted</span></h3>")
                .contains("2 failed of 2 reporting, budget 0 (failing: canary-1, canary-2)")
                .contains("<tr><td>0</td><td class=\"applied\">0</td><td class=\"failed\">2</td><td class=\"held\">0</td></tr>")
                .contains("<tr><td>1</td><td class=\"applied\">0</td><td class=\"failed\">0</td><td class=\"held\">4</td></tr>")
                .contains("<td class=\"name\">canary-1</td>").contains("prod w0 failed");
        assertThat(html).as("a halted rollout has no next wave").doesNotContain("class=\"next-wave\"");
        assertThat(off).contains("Host status in Git is off on this agent").doesNotContain("class=\"waves\"");
        assertThat(unreadable).contains("The status repository cannot be read: git://status.example/fleet: connection refused")
                .contains("<td class=\"name\">app</td>");
    }

    @Test
    void theFleetSectionSaysWhenARolloutsNextWaveMayStartAndWhatItsGateWaitsFor() {
        FleetView.Rollout open = new FleetView.Rollout("prod", "0123456789abcdef0123456789abcdef01234567",
                Map.of(0, new FleetView.WaveCount(1, 0, 0)), false, List.of(), Optional.empty(),
                Optional.of(new FleetView.NextWave(1, Instant.parse("2026-12-01T12:30:00Z"),
                        Optional.of("1 host(s) of wave 1 (the canary) reported on this commit, 2 needed before wave 2 starts"))));

        String html = StatusPage.of(agent).with(new FleetSection(() -> Optional.of(new FleetView(List.of(), List.of(open)))))
                .render();

        assertThat(html).contains("<p class=\"next-wave\">Wave 1 starts no earlier than 2026-12-01 12:30:00Z; its gate is closed: "
                + "1 host(s) of wave 1 (the canary) reported on this commit, 2 needed before wave 2 starts</p>");
    }

    @Test
    void buttonsAreDisabledUntilTheScriptRunsAndSayHowWithoutIt() {
        String html = StatusPage.of(agent).render();

        assertThat(html).contains("<button type=\"button\" data-action=\"suspend\" disabled>Suspend</button>")
                .contains("<noscript>").contains("<script src=\"/assets/status.js\" defer></script>");
        assertThat(StatusPage.ASSETS).extracting(Asset::path).containsExactly("/assets/status.css", "/assets/status.js");
    }
}
