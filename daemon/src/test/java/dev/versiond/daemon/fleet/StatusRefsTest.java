package dev.versiond.daemon.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;

class StatusRefsTest {
    static final String C = "ab".repeat(20);

    @Test
    void aRolloutRefNamesTargetCommitWaveOutcomeAndHostAndParsesBack() {
        String ref = StatusRefs.rollout("prod", C, 2, Outcome.FAILED, "web-1.example.org");
        assertThat(ref).isEqualTo("refs/versiond/rollouts/prod/" + C + "/w2/failed/web-1.example.org");
        assertThat(ref).startsWith(StatusRefs.wavePrefix("prod", C, 2));
        assertThat(StatusRefs.parse(ref)).contains(new StatusRefs.RolloutRef("prod", C, 2, Outcome.FAILED, "web-1.example.org"));
    }

    @Test
    void anyHostNameBecomesOneValidRefComponentAndBack() {
        for (String name : new String[] {"web 1", ".hidden", "a..b", "x.lock", "ü/../etc", "a:b~c^d"}) {
            String ref = StatusRefs.rollout("prod", C, 0, Outcome.APPLIED, name);
            assertThat(Repository.isValidRefName(ref)).as(ref).isTrue();
            assertThat(ref.substring(ref.lastIndexOf('/') + 1)).doesNotContain("/");
            assertThat(StatusRefs.parse(ref).map(StatusRefs.RolloutRef::host)).contains(name);
            assertThat(StatusRefs.hostOf(StatusRefs.host(name))).contains(name);
        }
    }

    @Test
    void refsThatAreNotRolloutRefsDoNotParse() {
        assertThat(StatusRefs.parse("refs/heads/main")).isEmpty();
        assertThat(StatusRefs.parse("refs/versiond/rollouts/prod/" + C + "/w1/maybe/web-1")).isEmpty();
        assertThat(StatusRefs.parse("refs/versiond/rollouts/prod/" + C + "/wave1/applied/web-1")).isEmpty();
    }

    @Test
    void aHaltedHostIsTalliedAsHeldAndAsHaltedAndCountedAsHeldInTheFleetView() {
        java.util.Map<String, String> refs = java.util.Map.of(
                StatusRefs.rollout("prod", C, 0, Outcome.FAILED, "canary-1"), "1".repeat(40),
                StatusRefs.rollout("prod", C, 1, Outcome.HALTED, "web-1"), "2".repeat(40),
                StatusRefs.rollout("prod", C, 1, Outcome.HELD, "web-2"), "3".repeat(40));
        assertThat(StatusRefs.parse(StatusRefs.rollout("prod", C, 1, Outcome.HALTED, "web-1")).map(StatusRefs.RolloutRef::outcome))
                .contains(Outcome.HALTED);

        dev.versiond.daemon.plan.RolloutTally tally = RefFleetStatus.tallyOf("prod", C, refs);

        assertThat(tally.wave(1).held()).containsExactly("web-1", "web-2");
        assertThat(tally.wave(1).halted()).containsExactly("web-1");
        assertThat(tally.wave(0).failed()).containsExactly("canary-1");
        assertThat(tally.wave(0).halted()).isEmpty();
    }
}
