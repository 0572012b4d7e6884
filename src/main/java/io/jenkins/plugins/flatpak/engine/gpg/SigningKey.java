package io.jenkins.plugins.flatpak.engine.gpg;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.security.auth.Destroyable;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.bcpg.SecretKeyPacket;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.PBESecretKeyDecryptor;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.util.encoders.Hex;

/**
 * An OpenPGP secret key that has been checked to be able to sign: the key chosen is the one gpg would
 * pick (the newest valid signing subkey, else the primary key), its passphrase has been verified, and
 * the secret material is kept only as an unprotected copy for {@link GpgHome} to import. Messages
 * never contain key material or the passphrase; {@link #toString()} shows public facts only.
 */
public final class SigningKey implements AutoCloseable, Destroyable {
    private static final String PRIVATE_HEADER = "-----BEGIN PGP PRIVATE KEY BLOCK-----";
    private static final String PUBLIC_HEADER = "-----BEGIN PGP PUBLIC KEY BLOCK-----";
    private static final String EXPORT_HINT = "export it with: gpg --armor --export-secret-keys KEYID";

    private final String fingerprint;
    private final String keyId;
    private final List<String> userIds;
    private final byte[] publicKeyBinary;
    private byte[] unprotectedSecretRing;

    private SigningKey(String fingerprint, String keyId, List<String> userIds, byte[] publicKeyBinary,
            byte[] unprotectedSecretRing) {
        this.fingerprint = fingerprint;
        this.keyId = keyId;
        this.userIds = List.copyOf(userIds);
        this.publicKeyBinary = publicKeyBinary;
        this.unprotectedSecretRing = unprotectedSecretRing;
    }

    /**
     * Reads an ASCII-armored secret key and checks that it can sign now.
     *
     * @param armoredSecretKey what {@code gpg --armor --export-secret-keys} wrote; not modified
     * @param passphraseOrNull the key's passphrase, or null (an empty one counts as none); not modified or kept
     * @throws InvalidInputException when the key cannot be used for signing, with the reason
     */
    public static SigningKey parse(byte[] armoredSecretKey, char[] passphraseOrNull) {
        PGPSecretKeyRing ring = readSingleSecretRing(armoredSecretKey);
        PGPPublicKey primary = ring.getPublicKey();
        String fingerprint = hex(primary.getFingerprint());
        if (primary.getVersion() != 4) {
            throw new InvalidInputException("the signing key " + fingerprint + " is an OpenPGP version "
                    + primary.getVersion() + " key; gpg 2.2, ostree and flatpak need a version 4 key");
        }
        PGPSecretKey signer = chooseSigner(ring, fingerprint);
        char[] passphrase = passphraseOrNull == null || passphraseOrNull.length == 0 ? null : passphraseOrNull;
        unlock(signer, passphrase, fingerprint);
        byte[] unprotected = withoutPassphrase(ring, passphrase, fingerprint);
        return new SigningKey(fingerprint, String.format("%016X", signer.getKeyID()), userIds(primary),
                publicRing(ring), unprotected);
    }

    /** The fingerprint of the primary key: 40 upper-case hex digits. */
    public String fingerprint() {
        return fingerprint;
    }

    /** The id of the key that makes signatures (primary or subkey): 16 upper-case hex digits. */
    public String keyId() {
        return keyId;
    }

    public List<String> userIds() {
        return userIds;
    }

    /** The public key ring, ASCII-armored: for a {@code .asc} file or {@code flatpak remote-add --gpg-import}. */
    public String publicKeyArmored() {
        return Armor.encodeToString(publicKeyBinary);
    }

    /** The public key ring in binary form, as {@code gpg --export} writes it (a {@code .gpg} file). */
    public byte[] publicKeyBinary() {
        return publicKeyBinary.clone();
    }

    /** Base64 of the binary public key ring on one line: the value of {@code GPGKey=} in .flatpakrepo/.flatpakref files. */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKeyBinary);
    }

    /** The whole secret key ring without passphrase protection, for {@link GpgHome} to import through stdin. */
    synchronized byte[] unprotectedSecretRing() {
        if (unprotectedSecretRing == null) {
            throw new IllegalStateException("the secret material of signing key " + fingerprint + " was destroyed");
        }
        return unprotectedSecretRing.clone();
    }

    /** Overwrites this object's copy of the secret material (best effort: the JVM may have made other copies). */
    @Override
    public synchronized void destroy() {
        if (unprotectedSecretRing != null) {
            Arrays.fill(unprotectedSecretRing, (byte) 0);
            unprotectedSecretRing = null;
        }
    }

    @Override
    public synchronized boolean isDestroyed() {
        return unprotectedSecretRing == null;
    }

    @Override
    public void close() {
        destroy();
    }

    @Override
    public String toString() {
        return "SigningKey[fingerprint=" + fingerprint + ", keyId=" + keyId + ", userIds=" + userIds
                + (isDestroyed() ? ", destroyed" : "") + "]";
    }

    private static PGPSecretKeyRing readSingleSecretRing(byte[] input) {
        if (input == null || isBlank(input)) {
            throw new InvalidInputException("the signing key is empty; " + EXPORT_HINT);
        }
        String text = new String(input, StandardCharsets.ISO_8859_1);
        int start = text.indexOf(PRIVATE_HEADER);
        if (start < 0) {
            if (text.contains(PUBLIC_HEADER)) {
                throw publicOnly();
            }
            if ((input[0] & 0x80) != 0) {
                throw new InvalidInputException("the signing key is binary OpenPGP data, not ASCII-armored; " + EXPORT_HINT);
            }
            throw new InvalidInputException("the signing key is not an ASCII-armored OpenPGP secret key (no '"
                    + PRIVATE_HEADER + "' line); " + EXPORT_HINT);
        }
        List<PGPSecretKeyRing> secret = new ArrayList<>();
        int publicRings = 0;
        for (; start >= 0; start = text.indexOf(PRIVATE_HEADER, start + PRIVATE_HEADER.length())) {
            try (InputStream in = new ArmoredInputStream(new ByteArrayInputStream(input, start, input.length - start))) {
                BcPGPObjectFactory objects = new BcPGPObjectFactory(in);
                Object o;
                while ((o = objects.nextObject()) != null) {
                    if (o instanceof PGPSecretKeyRing) {
                        secret.add((PGPSecretKeyRing) o);
                    } else if (o instanceof PGPPublicKeyRing) {
                        publicRings++;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // The cause is left out on purpose: parser messages may quote bytes of the input.
                throw new InvalidInputException("the signing key could not be read: its ASCII armor or OpenPGP data is "
                        + "damaged or incomplete; " + EXPORT_HINT);
            }
        }
        if (secret.isEmpty()) {
            if (publicRings > 0) {
                throw publicOnly();
            }
            throw new InvalidInputException("the signing key block contains no secret key; " + EXPORT_HINT);
        }
        if (secret.size() > 1) {
            List<String> fingerprints = new ArrayList<>();
            for (PGPSecretKeyRing r : secret) {
                fingerprints.add(hex(r.getPublicKey().getFingerprint()));
            }
            throw new InvalidInputException("the signing key block contains " + secret.size() + " secret keys "
                    + fingerprints + "; give exactly one: gpg --armor --export-secret-keys FINGERPRINT");
        }
        return secret.get(0);
    }

    private static InvalidInputException publicOnly() {
        return new InvalidInputException("the signing key is a public key only; signing needs the secret key: " + EXPORT_HINT);
    }

    /** gpg's choice: the newest usable signing subkey, else the primary key when it may sign. */
    private static PGPSecretKey chooseSigner(PGPSecretKeyRing ring, String fingerprint) {
        PGPPublicKey primary = ring.getPublicKey();
        KeyInspector inspector = new KeyInspector(primary);
        Instant now = Instant.now();
        List<String> ids = userIds(primary);
        String key = "the signing key " + fingerprint + (ids.isEmpty() ? "" : " (" + Names.quote(ids.get(0)) + ")");
        if (inspector.revoked(primary)) {
            throw new InvalidInputException(key + " has been revoked");
        }
        PGPSignature primarySig = inspector.primarySelfSignature();
        if (primarySig == null) {
            throw new InvalidInputException(key + " has no valid self-signature (no user id is bound to it)");
        }
        Instant primaryExpiry = KeyInspector.expiry(primary, primarySig);
        if (primaryExpiry != null && !primaryExpiry.isAfter(now)) {
            throw new InvalidInputException(key + " expired on " + date(primaryExpiry)
                    + "; extend it with gpg --quick-set-expire and export it again");
        }
        List<String> problems = new ArrayList<>();
        PGPSecretKey best = null;
        for (Iterator<PGPSecretKey> it = ring.getSecretKeys(); it.hasNext(); ) {
            PGPSecretKey candidate = it.next();
            PGPPublicKey sub = candidate.getPublicKey();
            if (sub.isMasterKey()) {
                continue;
            }
            String name = "subkey " + String.format("%016X", sub.getKeyID());
            PGPSignature binding = inspector.bindingSignature(sub);
            if (binding == null) {
                problems.add(name + " has no valid binding signature");
            } else if (!KeyInspector.maySign(sub, binding)) {
                problems.add(name + " may not sign (usage: " + KeyInspector.usage(binding) + ")");
            } else if (inspector.revoked(sub)) {
                problems.add(name + " has been revoked");
            } else if (isExpired(KeyInspector.expiry(sub, binding), now)) {
                problems.add(name + " expired on " + date(KeyInspector.expiry(sub, binding)));
            } else if (!inspector.crossCertified(sub, binding)) {
                problems.add(name + " is not cross-certified (no primary key binding signature)");
            } else if (candidate.isPrivateKeyEmpty()) {
                problems.add(name + " has no secret part in this export (a stub, e.g. the secret is on a smartcard)");
            } else if (best == null || sub.getCreationTime().after(best.getPublicKey().getCreationTime())) {
                best = candidate;
            }
        }
        if (best != null) {
            return best;
        }
        PGPSecretKey primarySecret = ring.getSecretKey();
        String name = "primary key " + String.format("%016X", primary.getKeyID());
        if (!KeyInspector.maySign(primary, primarySig)) {
            problems.add(0, name + " may not sign (usage: " + KeyInspector.usage(primarySig) + ")");
        } else if (primarySecret.isPrivateKeyEmpty()) {
            problems.add(0, name + " has no secret part in this export (exported with --export-secret-subkeys?)");
        } else {
            return primarySecret;
        }
        throw new InvalidInputException(key + " has no key that can sign: " + String.join("; ", problems));
    }

    private static boolean isExpired(Instant expiry, Instant now) {
        return expiry != null && !expiry.isAfter(now);
    }

    /** Extracting the private key is what proves the passphrase (or its absence) right. */
    private static void unlock(PGPSecretKey signer, char[] passphrase, String fingerprint) {
        boolean protectedKey = signer.getS2KUsage() != SecretKeyPacket.USAGE_NONE;
        if (protectedKey && passphrase == null) {
            throw new InvalidInputException("the signing key " + fingerprint
                    + " is protected by a passphrase, but no passphrase was given");
        }
        try {
            if (signer.extractPrivateKey(decryptor(passphrase)) == null) {
                throw new PGPException("no private key");
            }
        } catch (PGPException | RuntimeException e) {
            throw new InvalidInputException(protectedKey
                    ? "the passphrase for the signing key " + fingerprint + " is wrong"
                    : "the secret part of the signing key " + fingerprint + " is damaged");
        }
    }

    private static byte[] withoutPassphrase(PGPSecretKeyRing ring, char[] passphrase, String fingerprint) {
        try {
            return PGPSecretKeyRing.copyWithNewPassword(ring, decryptor(passphrase), null).getEncoded();
        } catch (PGPException | RuntimeException e) {
            throw new InvalidInputException("a subkey of the signing key " + fingerprint
                    + " cannot be unlocked with the given passphrase (its subkeys use different passphrases)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PBESecretKeyDecryptor decryptor(char[] passphrase) throws PGPException {
        return new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider())
                .build(passphrase == null ? new char[0] : passphrase);
    }

    private static byte[] publicRing(PGPSecretKeyRing ring) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ring.toCertificate().encode(out, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static List<String> userIds(PGPPublicKey primary) {
        List<String> ids = new ArrayList<>();
        for (Iterator<String> it = primary.getUserIDs(); it.hasNext(); ) {
            ids.add(it.next());
        }
        return ids;
    }

    private static boolean isBlank(byte[] input) {
        for (byte b : input) {
            if (!Character.isWhitespace((char) (b & 0xff))) {
                return false;
            }
        }
        return true;
    }

    private static String date(Instant instant) {
        return DateTimeFormatter.ISO_LOCAL_DATE_TIME.withZone(ZoneOffset.UTC).format(instant.truncatedTo(ChronoUnit.SECONDS)) + " UTC";
    }

    static String hex(byte[] bytes) {
        return Hex.toHexString(bytes).toUpperCase(Locale.ROOT);
    }
}
