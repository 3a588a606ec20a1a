package dev.versiond.daemon.plan;

import dev.versiond.spec.model.Rollout;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;

/**
 * Rollout waves from a stable hash of the host name, so no agent needs to talk to another: a host's
 * bucket (0–99) is the SHA-256 of its name modulo 100, and its wave is the first whose cumulative
 * percentage exceeds the bucket.
 */
public final class Waves {
    private Waves() {
    }

    /** The host's bucket, 0–99, the same on every run and every machine. */
    public static int bucket(String hostName) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(hostName.getBytes(StandardCharsets.UTF_8));
            long value = ((digest[0] & 0xFFL) << 24) | ((digest[1] & 0xFFL) << 16) | ((digest[2] & 0xFFL) << 8)
                    | (digest[3] & 0xFFL);
            return (int) (value % 100);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** The 0-based wave of a host. */
    public static int waveOf(String hostName, Rollout rollout) {
        int bucket = bucket(hostName);
        for (int i = 0; i < rollout.waves().size(); i++) {
            if (bucket < rollout.waves().get(i)) {
                return i;
            }
        }
        return rollout.waves().size() - 1;
    }

    /** When a host of wave {@code wave} may apply a commit made at {@code commitTime}. */
    public static Instant startOf(Instant commitTime, int wave, Rollout rollout) {
        return commitTime.plus(rollout.bake().multipliedBy(wave));
    }
}
