package dev.versiond.daemon.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteUrlTest {
    @TempDir
    Path temp;

    @Test
    void aPlainPathThatExistsBecomesAFileUri() throws Exception {
        Path repository = Files.createDirectories(temp.resolve("desired.git"));

        RemoteUrl url = RemoteUrl.of(repository.toString());

        assertThat(url.uri()).startsWith("file:/").endsWith("/desired.git/");
        assertThat(Path.of(new java.net.URI(url.uri()))).isEqualTo(repository.toAbsolutePath());
    }

    @Test
    void urlsAndScpLikeAddressesAreKeptAsGiven() {
        assertThat(RemoteUrl.of("https://git.example.org/fleet.git").uri()).isEqualTo("https://git.example.org/fleet.git");
        assertThat(RemoteUrl.of("git@git.example.org:ops/fleet.git").uri()).isEqualTo("git@git.example.org:ops/fleet.git");
        assertThat(RemoteUrl.of("  git://127.0.0.1:9418/fleet ").uri()).isEqualTo("git://127.0.0.1:9418/fleet");
    }

    @Test
    void theDisplayedFormDropsUserAndPasswordAndTokens() {
        assertThat(RemoteUrl.of("https://deploy:s3cret@git.example.org/fleet.git").display())
                .isEqualTo("https://git.example.org/fleet.git");
        assertThat(RemoteUrl.of("https://ghp_T0KEN@github.com/ops/fleet.git").display())
                .isEqualTo("https://github.com/ops/fleet.git");
        assertThat(RemoteUrl.of("https://git.example.org/fleet.git").display())
                .isEqualTo("https://git.example.org/fleet.git");
    }

    @Test
    void scrubbingALibraryMessageRemovesCredentialsWhereverTheyAppear() {
        RemoteUrl url = RemoteUrl.of("https://deploy:s3cret@git.example.org/fleet.git");

        String scrubbed = url.scrub("https://deploy:s3cret@git.example.org/fleet.git: not authorized;"
                + " tried https://deploy@git.example.org/fleet.git/info/refs");

        assertThat(scrubbed).doesNotContain("s3cret").doesNotContain("deploy")
                .isEqualTo("https://git.example.org/fleet.git: not authorized;"
                        + " tried https://git.example.org/fleet.git/info/refs");
        assertThat(url.scrub(null)).isEmpty();
    }

    @Test
    void withoutCredentialsDropsAUserAndAPassword() {
        assertThat(RemoteUrl.withoutCredentials("https://deploy:s3cret@git.example.org/fleet.git"))
                .isEqualTo("https://git.example.org/fleet.git");
    }

    @Test
    void withoutCredentialsDropsAUserAloneForItMayBeAToken() {
        assertThat(RemoteUrl.withoutCredentials("https://ghp_T0KEN@github.com/ops/fleet.git"))
                .isEqualTo("https://github.com/ops/fleet.git");
        assertThat(RemoteUrl.withoutCredentials("ssh://git@git.example.org:2222/ops/fleet.git"))
                .isEqualTo("ssh://git.example.org:2222/ops/fleet.git");
    }

    @Test
    void withoutCredentialsLeavesNoPartOfAPasswordThatHoldsAnAt() {
        assertThat(RemoteUrl.withoutCredentials("https://deploy:p@ss@git.example.org/fleet.git"))
                .isEqualTo("https://git.example.org/fleet.git");
    }

    @Test
    void withoutCredentialsLeavesUrlsWithoutCredentialsAlone() {
        assertThat(RemoteUrl.withoutCredentials("https://git.example.org/fleet.git"))
                .isEqualTo("https://git.example.org/fleet.git");
        assertThat(RemoteUrl.withoutCredentials("git://127.0.0.1:9418/fleet")).isEqualTo("git://127.0.0.1:9418/fleet");
        assertThat(RemoteUrl.withoutCredentials("file:///srv/git/fleet@2.git")).isEqualTo("file:///srv/git/fleet@2.git");
        assertThat(RemoteUrl.withoutCredentials("/srv/git/fleet.git")).isEqualTo("/srv/git/fleet.git");
    }

    @Test
    void withoutCredentialsLeavesAnScpLikeAddressAloneItsUserIsTheSshAccount() {
        assertThat(RemoteUrl.withoutCredentials("git@git.example.org:ops/fleet.git"))
                .isEqualTo("git@git.example.org:ops/fleet.git");
    }

    @Test
    void withoutCredentialsCleansEveryUrlInAMessageAndKeepsTheRest() {
        assertThat(RemoteUrl.withoutCredentials("fetch https://a:b@one.example/x failed; see https://c@two.example/y"))
                .isEqualTo("fetch https://one.example/x failed; see https://two.example/y");
        assertThat(RemoteUrl.withoutCredentials(null)).isEmpty();
    }
}
