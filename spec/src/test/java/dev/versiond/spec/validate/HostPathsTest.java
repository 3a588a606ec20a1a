package dev.versiond.spec.validate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which host paths are absolute and normalised, and what is said about the others. */
class HostPathsTest {

    @Test
    void absoluteNormalisedPathsHaveNoProblem() {
        for (String path : new String[] {"/", "/opt", "/opt/app/releases/1.7.0", "/a/.hidden", "/a/..b", "/a/b..",
                "/a/...", "/.x/y", "/a.b/c"}) {
            assertThat(HostPaths.problem(path)).as(path).isEmpty();
        }
    }

    @Test
    void theFirstDotSegmentIsNamed() {
        assertThat(HostPaths.problem("/opt/../etc")).contains("host path '/opt/../etc' must be normalised (no '..' segments)");
        assertThat(HostPaths.problem("/opt/./etc")).contains("host path '/opt/./etc' must be normalised (no '.' segments)");
        assertThat(HostPaths.problem("/..")).contains("host path '/..' must be normalised (no '..' segments)");
        assertThat(HostPaths.problem("/a/.")).contains("host path '/a/.' must be normalised (no '.' segments)");
        assertThat(HostPaths.problem("/./a/..")).contains("host path '/./a/..' must be normalised (no '.' segments)");
    }

    @Test
    void relativeEmptyAndUnnormalisedPathsAreRefused() {
        assertThat(HostPaths.problem("")).contains("a host path must not be empty");
        assertThat(HostPaths.problem("opt")).contains("host path 'opt' must be absolute (start with '/')");
        assertThat(HostPaths.problem("/a//b")).contains("host path '/a//b' must be normalised (no '//')");
        assertThat(HostPaths.problem("/a/")).contains("host path '/a/' must be normalised (no trailing '/')");
    }

    @Test
    void controlCharactersAreRefusedWithTheirPlace() {
        assertThat(HostPaths.problem("/etc/app\n.conf"))
                .contains("host path '/etc/app\n.conf' must not contain control characters (U+000A at character 9)");
        assertThat(HostPaths.problem("/a\0b")).contains("host path '/a\0b' must not contain control characters "
                + "(U+0000 at character 3)");
        assertThat(HostPaths.problem("/a\tb")).isPresent();
        assertThat(HostPaths.problem("/a\u007fb")).isPresent();
        assertThat(HostPaths.problem("/caf\u00e9")).isEmpty();
    }
}
