package dev.versiond.daemon.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Real keys made by the real tools, for signature tests: OpenPGP keys in a scratch GnuPG home
 * ({@code gpg --batch}), SSH keys with {@code ssh-keygen}, and signatures made by those tools over
 * the bytes a test hands them (as {@code git commit -S} would have them signed).
 */
public final class SigningKeys implements AutoCloseable {
    private final Path directory;
    private final Path gnupgHome;

    private SigningKeys(Path directory) {
        this.directory = directory;
        this.gnupgHome = directory.resolve("gnupg");
    }

    /** Keys kept under {@code directory} (short, so GnuPG's socket paths fit). */
    public static SigningKeys in(Path directory) {
        SigningKeys keys = new SigningKeys(directory);
        try {
            Files.createDirectories(keys.gnupgHome);
            Files.setPosixFilePermissions(keys.gnupgHome, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keys;
    }

    /** An OpenPGP signing key (Ed25519) valid for a year; returns its fingerprint. */
    public String gpgKey(String email) {
        return gpgKey(email, "1y", null);
    }

    /**
     * An OpenPGP key made two days ago and valid for one day: expired now. Returns its fingerprint;
     * {@link #gpgSignerAt} can still sign with it as of a time it was valid.
     */
    public String expiredGpgKey(String email) {
        return gpgKey(email, "1d", Instant.now().minusSeconds(2 * 86_400));
    }

    private String gpgKey(String email, String expiry, Instant at) {
        List<String> command = gpg(at);
        command.addAll(List.of("--passphrase", "", "--quick-gen-key", "Test <" + email + ">", "ed25519", "sign", expiry));
        run(command, null);
        String colons = new String(run(new ArrayList<>(List.of("gpg", "--homedir", gnupgHome.toString(), "--batch",
                "--with-colons", "--fingerprint", email)), null), StandardCharsets.UTF_8);
        return colons.lines().filter(l -> l.startsWith("fpr:")).findFirst()
                .map(l -> l.split(":")[9]).orElseThrow(() -> new IllegalStateException("no fingerprint for " + email));
    }

    /** Writes the armored public key of {@code fingerprint} to {@code file}. */
    public Path exportGpgKey(String fingerprint, Path file) {
        byte[] key = run(new ArrayList<>(List.of("gpg", "--homedir", gnupgHome.toString(), "--batch", "--armor",
                "--export", fingerprint)), null);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Signs with {@code gpg --detach-sign --armor} as the given key. */
    public Function<byte[], String> gpgSigner(String fingerprint) {
        return gpgSignerAt(fingerprint, null);
    }

    /** Signs as of {@code at} (GnuPG's faked system time), e.g. with a key that has expired since. */
    public Function<byte[], String> gpgSignerAt(String fingerprint, Instant at) {
        return payload -> {
            List<String> command = gpg(at);
            command.addAll(List.of("--passphrase", "", "--local-user", fingerprint, "--detach-sign", "--armor"));
            return new String(run(command, payload), StandardCharsets.US_ASCII);
        };
    }

    private List<String> gpg(Instant at) {
        List<String> command = new ArrayList<>(List.of("gpg", "--homedir", gnupgHome.toString(), "--batch",
                "--pinentry-mode", "loopback"));
        if (at != null) {
            command.addAll(List.of("--faked-system-time", at.getEpochSecond() + "!", "--ignore-time-conflict"));
        }
        return command;
    }

    /** An Ed25519 SSH key pair without passphrase; returns the private key file ({@code .pub} beside it). */
    public Path sshKey(String name) {
        Path key = directory.resolve(name);
        run(new ArrayList<>(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name + "@example.org",
                "-f", key.toString())), null);
        return key;
    }

    /** The public key line ({@code ssh-ed25519 AAAA… comment}) of a key made by {@link #sshKey}. */
    public String sshPublicKey(Path key) {
        try {
            return Files.readString(Path.of(key + ".pub")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Signs with {@code ssh-keygen -Y sign -n git}, as Git does with {@code gpg.format=ssh}. */
    public Function<byte[], String> sshSigner(Path key) {
        return payload -> {
            try {
                Path file = Files.createTempFile(directory, "payload", ".txt");
                Files.write(file, payload);
                run(new ArrayList<>(List.of("ssh-keygen", "-q", "-Y", "sign", "-f", key.toString(), "-n", "git",
                        file.toString())), null);
                return Files.readString(Path.of(file + ".sig"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private static byte[] run(List<String> command, byte[] input) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
            if (input != null) {
                process.getOutputStream().write(input);
            }
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + err);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops the GnuPG agent this home started. */
    @Override
    public void close() {
        try {
            new ProcessBuilder("gpgconf", "--homedir", gnupgHome.toString(), "--kill", "gpg-agent")
                    .redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no agent was started
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
