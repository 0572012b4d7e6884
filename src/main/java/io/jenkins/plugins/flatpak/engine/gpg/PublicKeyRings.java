package io.jenkins.plugins.flatpak.engine.gpg;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;

/**
 * Public key rings as a repository offers them to its clients: one binary keyring holding every key a client may
 * need ({@code <repo>.gpg}, {@code GPGKey=} of a {@code .flatpakrepo}, the summary's {@code xa.gpg-keys}). While a
 * repository's signing key is being replaced it offers the new key and the keys it replaced, as flat-manager offers
 * every key its {@code gpg-key} names ({@code gpg --export} of several keys is such a concatenation).
 */
public final class PublicKeyRings {
    private PublicKeyRings() {}

    /** The primary key fingerprints of a binary or armored keyring, in order (40 upper-case hex digits each). */
    public static List<String> fingerprints(byte[] keyring) {
        return new ArrayList<>(rings(keyring).keySet());
    }

    /**
     * One binary keyring holding the keys of {@code first}, then those of {@code others} not already in it; a key
     * appears once, with the material of its first occurrence.
     */
    public static byte[] merge(byte[] first, byte[] others) {
        Map<String, PGPPublicKeyRing> all = new LinkedHashMap<>(rings(first));
        rings(others).forEach(all::putIfAbsent);
        return encode(all.values());
    }

    /** The keyring without the keys whose fingerprints are listed. */
    public static byte[] without(byte[] keyring, List<String> fingerprints) {
        Map<String, PGPPublicKeyRing> all = new LinkedHashMap<>(rings(keyring));
        fingerprints.forEach(all::remove);
        return encode(all.values());
    }

    private static Map<String, PGPPublicKeyRing> rings(byte[] keyring) {
        Map<String, PGPPublicKeyRing> out = new LinkedHashMap<>();
        if (keyring == null || keyring.length == 0) {
            return out;
        }
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(keyring))) {
            for (PGPPublicKeyRing ring : new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator())) {
                out.putIfAbsent(SigningKey.hex(ring.getPublicKey().getFingerprint()), ring);
            }
        } catch (IOException | PGPException | RuntimeException e) {
            throw new InvalidInputException("not an OpenPGP public keyring: " + e.getClass().getSimpleName());
        }
        return out;
    }

    private static byte[] encode(Iterable<PGPPublicKeyRing> rings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (PGPPublicKeyRing ring : rings) {
                ring.encode(out, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
