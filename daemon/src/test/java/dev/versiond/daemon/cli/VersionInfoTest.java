package dev.versiond.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionInfoTest {
    @Test
    void theVersionLineNamesTheBuiltVersionAndItsCommitOrSaysItIsUnknown() {
        // build.properties is filtered into target/classes by the build under test.
        assertThat(VersionInfo.line()).matches("versiond \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\((commit [0-9a-f]{12}(, with uncommitted changes)?"
                + "|" + VersionInfo.UNKNOWN_COMMIT + ")\\)");
    }
}
