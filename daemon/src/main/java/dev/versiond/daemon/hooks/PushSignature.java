package dev.versiond.daemon.hooks;

import dev.versiond.daemon.secret.HmacSha256;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks that a push event comes from a Git server that knows the shared secret, in the form each server
 * sends it; every comparison is constant-time.
 * <ul>
 * <li>GitHub: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>}</li>
 * <li>Gitea and Forgejo: {@code X-Gitea-Signature} (or {@code X-Forgejo-Signature}): {@code <hex HMAC-SHA256>}</li>
 * <li>GitLab: {@code X-Gitlab-Token: <the secret itself>} (GitLab signs nothing; the token is compared)</li>
 * </ul>
 */
final class PushSignature {
    static final String GITHUB = "X-Hub-Signature-256";
    static final String GITEA = "X-Gitea-Signature";
    static final String FORGEJO = "X-Forgejo-Signature";
    static final String GITLAB = "X-Gitlab-Token";

    /** What a request's headers prove. */
    enum Verdict {
        /** Signed (or tokened) with the secret. */
        VERIFIED,
        /** None of the headers above. */
        UNSIGNED,
        /** A header is there but does not match. */
        WRONG
    }

    private final String secret;
    private final HmacSha256 hmac;

    PushSignature(String secret) {
        this.secret = secret;
        this.hmac = new HmacSha256(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** @param header a request header by name (case-insensitive), null when absent */
    Verdict check(Function<String, String> header, byte[] body) {
        Optional<String> github = Optional.ofNullable(header.apply(GITHUB));
        if (github.isPresent()) {
            String v = github.get().trim();
            return v.startsWith("sha256=") && hmac.matches(body, v.substring(7)) ? Verdict.VERIFIED : Verdict.WRONG;
        }
        Optional<String> gitea = Optional.ofNullable(header.apply(GITEA)).or(() -> Optional.ofNullable(header.apply(FORGEJO)));
        if (gitea.isPresent()) {
            return hmac.matches(body, gitea.get()) ? Verdict.VERIFIED : Verdict.WRONG;
        }
        Optional<String> gitlab = Optional.ofNullable(header.apply(GITLAB));
        if (gitlab.isPresent()) {
            return HmacSha256.equalsConstantTime(secret, gitlab.get()) ? Verdict.VERIFIED : Verdict.WRONG;
        }
        return Verdict.UNSIGNED;
    }
}
