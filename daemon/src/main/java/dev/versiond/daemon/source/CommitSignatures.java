package dev.versiond.daemon.source;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.SignatureVerifier;
import org.eclipse.jgit.lib.SignatureVerifiers;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Applies a {@link SignaturePolicy} to the mirror: which commits must be signed, and whether each
 * signature holds. OpenPGP signatures are checked against the configured key files with Bouncy
 * Castle ({@link OpenPgpKeys}); SSH signatures with JGit's SSH verifier against the configured
 * {@code allowed_signers} file (namespace {@code git}, key validity checked at the committer time,
 * as {@code git verify-commit} does). Never the user's GnuPG keyring or Git config.
 */
final class CommitSignatures {
    private static final byte[] SSH_ARMOR = "-----BEGIN SSH SIGNATURE-----".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PGP_ARMOR = "-----BEGIN PGP SIGNATURE-----".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GPGSIG = "gpgsig ".getBytes(StandardCharsets.US_ASCII);

    private final SignaturePolicy policy;
    private final Repository repository;

    CommitSignatures(SignaturePolicy policy, Repository repository) {
        this.policy = policy;
        this.repository = repository;
    }

    /**
     * @param commit the commit to apply
     * @param pinnedTag the annotated tag it was reached through, when a tag is pinned; empty for a branch
     * @param lastApplied the last commit applied on this host (for {@link SignaturePolicy.Mode#ALL})
     * @return the fingerprint of the key that signed {@code commit}; empty when the policy is off
     * @throws UntrustedCommitException for the first object whose signature does not hold
     */
    Optional<String> verify(ObjectId commit, Optional<ObjectId> pinnedTag, Optional<String> lastApplied, Instant now)
            throws IOException {
        if (policy.mode() == SignaturePolicy.Mode.OFF) {
            return Optional.empty();
        }
        Optional<OpenPgpKeys> keys = policy.trustedKeys().map(OpenPgpKeys::load);
        try (RevWalk walk = new RevWalk(repository)) {
            if (pinnedTag.isPresent()) {
                RevObject tag = walk.parseAny(pinnedTag.get());
                if (!(tag instanceof RevTag annotated)) {
                    throw new UntrustedCommitException(commit.name(), "the pinned tag is a lightweight tag, "
                            + "which cannot carry a signature; pin a signed annotated tag");
                }
                check(tag.name(), "tag", annotated.getRawBuffer(), annotated.getRawGpgSignature(), keys, now);
            }
            RevCommit head = walk.parseCommit(commit);
            String signer = checkCommit(head, keys, now);
            if (policy.mode() == SignaturePolicy.Mode.ALL) {
                for (RevCommit c : since(walk, head, lastApplied)) {
                    if (!c.equals(head)) {
                        checkCommit(c, keys, now);
                    }
                }
            }
            return Optional.of(signer);
        }
    }

    /** Every commit reachable from {@code head} and not from {@code lastApplied}, merges' other parents included. */
    private List<RevCommit> since(RevWalk walk, RevCommit head, Optional<String> lastApplied) throws IOException {
        Optional<ObjectId> last = lastApplied.filter(ObjectId::isId).map(ObjectId::fromString)
                .filter(id -> hasCommit(walk, id));
        if (last.isEmpty()) {
            return List.of(head); // the first pass: there is no "since", and older history predates the agent
        }
        walk.reset();
        walk.markStart(head);
        walk.markUninteresting(walk.parseCommit(last.get()));
        List<RevCommit> range = new ArrayList<>();
        for (RevCommit c : walk) {
            range.add(c);
        }
        return range;
    }

    private boolean hasCommit(RevWalk walk, ObjectId id) {
        try {
            return repository.getObjectDatabase().has(id) && walk.parseAny(id) instanceof RevCommit;
        } catch (IOException e) {
            return false;
        }
    }

    private String checkCommit(RevCommit commit, Optional<OpenPgpKeys> keys, Instant now) {
        return check(commit.name(), "commit", commit.getRawBuffer(), commit.getRawGpgSignature(), keys, now);
    }

    private String check(String id, String kind, byte[] raw, byte[] signature, Optional<OpenPgpKeys> keys,
                         Instant now) {
        if (signature == null) {
            throw new UntrustedCommitException(id, "the " + kind + " is not signed");
        }
        byte[] payload = kind.equals("tag") ? tagPayload(raw, signature) : commitPayload(raw);
        try {
            if (startsWith(signature, SSH_ARMOR)) {
                return ssh(payload, signature);
            }
            if (startsWith(signature, PGP_ARMOR)) {
                if (keys.isEmpty()) {
                    throw new SignatureRefused("the " + kind + " has an OpenPGP signature, but no trusted-keys are configured");
                }
                return keys.get().verify(payload, signature, now);
            }
            throw new SignatureRefused("the " + kind + "'s signature is neither OpenPGP nor SSH (X.509 is not supported)");
        } catch (SignatureRefused e) {
            throw new UntrustedCommitException(id, e.getMessage());
        } catch (IOException e) {
            throw new UntrustedCommitException(id, "the signature could not be checked: " + e.getMessage());
        }
    }

    private String ssh(byte[] payload, byte[] signature) throws SignatureRefused, IOException {
        if (policy.allowedSigners().isEmpty()) {
            throw new SignatureRefused("it has an SSH signature, but no allowed-signers file is configured");
        }
        SignatureVerifier verifier = SignatureVerifiers.get(GpgConfig.GpgFormat.SSH);
        if (verifier == null) {
            throw new SignatureRefused("SSH signatures cannot be checked: JGit's SSH module is missing");
        }
        Config config = new Config();
        config.setString("gpg", "ssh", "allowedSignersFile", policy.allowedSigners().get().toAbsolutePath().toString());
        SignatureVerifier.SignatureVerification result = verifier.verify(repository, new GpgConfig(config), payload, signature);
        if (result == null || !result.verified()) {
            String why = result == null || result.message() == null ? "the signature does not verify" : result.message();
            String key = result == null || result.keyFingerprint() == null ? "" : " (key " + result.keyFingerprint() + ")";
            throw new SignatureRefused((result != null && result.expired() ? "expired: " : "bad or untrusted SSH signature: ")
                    + why + key);
        }
        return result.keyFingerprint();
    }

    /** The commit as it was signed: its raw bytes without the {@code gpgsig} header (and its continuation lines). */
    static byte[] commitPayload(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        int i = 0;
        boolean inHeaders = true;
        boolean skipping = false;
        while (i < raw.length) {
            int end = i;
            while (end < raw.length && raw[end] != '\n') {
                end++;
            }
            int next = Math.min(end + 1, raw.length);
            if (inHeaders) {
                if (end == i) {
                    inHeaders = false;
                    skipping = false;
                } else if (skipping && raw[i] == ' ') {
                    i = next;
                    continue;
                } else {
                    skipping = startsWith(Arrays.copyOfRange(raw, i, end), GPGSIG);
                    if (skipping) {
                        i = next;
                        continue;
                    }
                }
            }
            out.write(raw, i, next - i);
            i = next;
        }
        return out.toByteArray();
    }

    /** A tag as it was signed: everything before the signature appended to its message. */
    static byte[] tagPayload(byte[] raw, byte[] signature) {
        int length = Math.min(signature.length, 40);
        outer:
        for (int i = raw.length - length; i >= 0; i--) {
            for (int j = 0; j < length; j++) {
                if (raw[i + j] != signature[j]) {
                    continue outer;
                }
            }
            return Arrays.copyOf(raw, i);
        }
        return raw;
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }
}
