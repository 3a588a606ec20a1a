package dev.versiond.daemon.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretsTest {
    @TempDir
    Path dir;

    private Secrets secrets(Map<String, String> env) {
        return new Secrets(dir, env);
    }

    @Test
    void fileAndEnvironmentReferencesAreReplacedByTheirValuesAtAnyDepth() throws IOException {
        Files.writeString(dir.resolve("db-password"), "s3cr3t-pw\n");
        Map<String, Object> config = Map.of(
                "db", Map.of("host", "db.internal", "password", Map.of("secretFile", "db-password")),
                "tokens", List.of(Map.of("secretEnv", "APP_TOKEN"), "plain"));

        ResolvedConfig resolved = secrets(Map.of("APP_TOKEN", "tok-123")).resolve(config);

        assertThat(resolved.problems()).isEmpty();
        assertThat(resolved.config()).isEqualTo(Map.of(
                "db", Map.of("host", "db.internal", "password", "s3cr3t-pw"),
                "tokens", List.of("tok-123", "plain")));
        assertThat(resolved.secrets()).containsExactlyInAnyOrder("s3cr3t-pw", "tok-123");
        assertThat(resolved.isSensitive()).isTrue();
        assertThat(resolved.references()).containsExactlyInAnyOrder("config db.password: secretFile 'db-password'",
                "config tokens[0]: secretEnv 'APP_TOKEN'");
    }

    @Test
    void onlyOneTrailingNewlineIsStrippedFromASecretFile() throws IOException {
        Files.writeString(dir.resolve("crlf"), "line1\nline2\r\n");
        Files.writeString(dir.resolve("two"), "pw\n\n");

        ResolvedConfig resolved = secrets(Map.of()).resolve(Map.of(
                "a", Map.of("secretFile", "crlf"), "b", Map.of("secretFile", "two")));

        assertThat(resolved.config()).isEqualTo(Map.of("a", "line1\nline2", "b", "pw\n"));
    }

    @Test
    void configWithoutReferencesIsNotSensitiveAndMapsWithMoreKeysAreNotReferences() {
        Map<String, Object> config = Map.of("x", Map.of("secretFile", "a", "other", "b"));

        ResolvedConfig resolved = secrets(Map.of()).resolve(config);

        assertThat(resolved.isSensitive()).isFalse();
        assertThat(resolved.config()).isEqualTo(config);
    }

    @Test
    void aMissingSecretIsAProblemNamingTheReferenceNeverAValue() throws IOException {
        Files.writeString(dir.resolve("present"), "visible-value");

        ResolvedConfig resolved = secrets(Map.of()).resolve(Map.of(
                "ok", Map.of("secretFile", "present"),
                "db", Map.of("password", Map.of("secretFile", "db-password")),
                "token", Map.of("secretEnv", "NOPE")));

        assertThat(resolved.problems()).hasSize(2);
        assertThat(resolved.problem().orElseThrow())
                .contains("config db.password: secretFile 'db-password'", "no file " + dir.resolve("db-password"))
                .contains("config token: secretEnv 'NOPE'", "has no variable NOPE")
                .doesNotContain("visible-value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../db-password", "sub/db-password", "/etc/passwd", "..", ".hidden", ""})
    void aSecretFileNameThatIsNotAPlainNameIsRefused(String name) throws IOException {
        Files.writeString(dir.resolve("db-password"), "pw");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/db-password"), "pw");

        ResolvedConfig resolved = secrets(Map.of()).resolve(Map.of("p", Map.of("secretFile", name)));

        assertThat(resolved.problem()).get().asString().contains("plain file name");
        assertThat(resolved.secrets()).isEmpty();
    }

    @Test
    void aSecretFileThatIsASymbolicLinkIsRefusedEvenWhenItsTargetExists(@TempDir Path outside) throws IOException {
        Path target = Files.writeString(outside.resolve("shadow"), "root:x:0:0");
        Files.createSymbolicLink(dir.resolve("db-password"), target);

        ResolvedConfig resolved = secrets(Map.of()).resolve(Map.of("p", Map.of("secretFile", "db-password")));

        assertThat(resolved.problem()).get().asString().contains("is a symbolic link");
        assertThat(resolved.secrets()).isEmpty();
        assertThat(resolved.config().toString()).doesNotContain("root:x");
    }

    @Test
    void aDirectoryIsNotASecretFile() throws IOException {
        Files.createDirectories(dir.resolve("d"));

        assertThat(secrets(Map.of()).resolve(Map.of("p", Map.of("secretFile", "d"))).problem())
                .get().asString().contains("not a regular file");
    }
}
