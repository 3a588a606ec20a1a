package dev.versiond.daemon.source;

import dev.versiond.daemon.IoReason;
import dev.versiond.spec.ErrorCode;
import dev.versiond.spec.VersiondException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.bouncycastle.bcpg.SignatureSubpacketTags;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;

/**
 * The OpenPGP public keys the host trusts, read from a key file or a directory of them (armored or
 * binary, as {@code gpg --export} writes them), and the check of a detached signature against them.
 * Bouncy Castle stays in this class. Keys are read again for every check, so adding or removing a
 * key file takes effect at the next pass.
 */
final class OpenPgpKeys {
    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    private final List<PGPPublicKeyRing> rings;

    private OpenPgpKeys(List<PGPPublicKeyRing> rings) {
        this.rings = List.copyOf(rings);
    }

    /**
     * @throws VersiondException {@code CONFIG} if the path cannot be read or holds something that is
     *     not a public key
     */
    static OpenPgpKeys load(Path path) {
        List<PGPPublicKeyRing> rings = new ArrayList<>();
        try {
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.list(path)) {
                    for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                        rings.addAll(read(file));
                    }
                }
            } else {
                rings.addAll(read(path));
            }
        } catch (IOException e) {
            throw new VersiondException(ErrorCode.CONFIG, "cannot read the trusted OpenPGP keys " + path + ": " + IoReason.of(e), e);
        }
        return new OpenPgpKeys(rings);
    }

    private static List<PGPPublicKeyRing> read(Path file) throws IOException {
        List<PGPPublicKeyRing> found = new ArrayList<>();
        try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(file))) {
            JcaPGPObjectFactory objects = new JcaPGPObjectFactory(in);
            for (Object o : objects) {
                if (o instanceof PGPPublicKeyRing ring) {
                    found.add(ring);
                } else {
                    throw new VersiondException(ErrorCode.CONFIG, "the trusted key file " + file
                            + " holds something other than public keys (" + o.getClass().getSimpleName() + ")");
                }
            }
        } catch (RuntimeException e) {
            if (e instanceof VersiondException) {
                throw e;
            }
            throw new VersiondException(ErrorCode.CONFIG, "the trusted key file " + file
                    + " is not an OpenPGP public key: " + e.getMessage(), e);
        }
        return found;
    }

    boolean isEmpty() {
        return rings.isEmpty();
    }

    /**
     * Checks a detached OpenPGP signature over {@code payload}.
     *
     * @param now the time the key must still be valid at (as well as when it signed)
     * @return the fingerprint of the key that signed, upper-case hex
     * @throws SignatureRefused with the reason when the signature does not hold
     */
    String verify(byte[] payload, byte[] armoredSignature, Instant now) throws SignatureRefused {
        PGPSignature signature = parse(armoredSignature);
        long keyId = signature.getKeyID();
        Optional<Found> found = find(keyId);
        if (found.isEmpty()) {
            throw new SignatureRefused(String.format(Locale.ROOT,
                    "signed by OpenPGP key %016X, which is not among the trusted keys", keyId));
        }
        PGPPublicKey key = found.get().key();
        PGPPublicKey primary = found.get().ring().getPublicKey();
        String fingerprint = HexFormat.of().withUpperCase().formatHex(key.getFingerprint());
        int type = signature.getSignatureType();
        if (type != PGPSignature.BINARY_DOCUMENT && type != PGPSignature.CANONICAL_TEXT_DOCUMENT) {
            throw new SignatureRefused("the OpenPGP signature is not a document signature (type " + type + ")");
        }
        boolean valid;
        try {
            signature.init(new JcaPGPContentVerifierBuilderProvider().setProvider(BOUNCY_CASTLE), key);
            signature.update(payload);
            valid = signature.verify();
        } catch (PGPException | RuntimeException e) {
            throw new SignatureRefused("the OpenPGP signature cannot be checked: " + e.getMessage());
        }
        if (!valid) {
            throw new SignatureRefused("bad signature by " + fingerprint
                    + ": it does not match the content (made over another object, or altered)");
        }
        if (primary.hasRevocation() || key.hasRevocation()) {
            throw new SignatureRefused("the OpenPGP key " + fingerprint + " is revoked");
        }
        Instant signed = signature.getCreationTime().toInstant();
        if (signed.isBefore(key.getCreationTime().toInstant())) {
            throw new SignatureRefused("the signature by " + fingerprint + " claims to predate its key");
        }
        for (PGPPublicKey k : key == primary ? List.of(key) : List.of(primary, key)) {
            Optional<Instant> expires = expiry(k);
            if (expires.isPresent() && (!now.isBefore(expires.get()) || !signed.isBefore(expires.get()))) {
                throw new SignatureRefused("the OpenPGP key " + HexFormat.of().withUpperCase().formatHex(k.getFingerprint())
                        + " expired on " + expires.get());
            }
        }
        PGPSignatureSubpacketVector hashed = signature.getHashedSubPackets();
        if (hashed != null && hashed.hasSubpacket(SignatureSubpacketTags.EXPIRE_TIME)) {
            long seconds = hashed.getSignatureExpirationTime();
            if (seconds > 0 && !now.isBefore(signed.plusSeconds(seconds))) {
                throw new SignatureRefused("the signature by " + fingerprint + " expired on " + signed.plusSeconds(seconds));
            }
        }
        return fingerprint;
    }

    private static Optional<Instant> expiry(PGPPublicKey key) {
        long seconds = key.getValidSeconds();
        return seconds > 0 ? Optional.of(key.getCreationTime().toInstant().plusSeconds(seconds)) : Optional.empty();
    }

    private static PGPSignature parse(byte[] armored) throws SignatureRefused {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armored))) {
            JcaPGPObjectFactory objects = new JcaPGPObjectFactory(in);
            Object o = objects.nextObject();
            if (o instanceof PGPCompressedData compressed) {
                o = new JcaPGPObjectFactory(compressed.getDataStream()).nextObject();
            }
            if (o instanceof PGPSignatureList list && !list.isEmpty()) {
                return list.get(0);
            }
        } catch (IOException | PGPException | RuntimeException e) {
            throw new SignatureRefused("the OpenPGP signature cannot be read: " + e.getMessage());
        }
        throw new SignatureRefused("the signature is not an OpenPGP signature");
    }

    private Optional<Found> find(long keyId) {
        for (PGPPublicKeyRing ring : rings) {
            Iterator<PGPPublicKey> keys = ring.getPublicKeys();
            while (keys.hasNext()) {
                PGPPublicKey key = keys.next();
                if (key.getKeyID() == keyId) {
                    return Optional.of(new Found(ring, key));
                }
            }
        }
        return Optional.empty();
    }

    private record Found(PGPPublicKeyRing ring, PGPPublicKey key) {
    }
}
