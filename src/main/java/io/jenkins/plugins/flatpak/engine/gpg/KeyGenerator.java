package io.jenkins.plugins.flatpak.engine.gpg;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.Features;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.operator.PBESecretKeyEncryptor;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPairGeneratorProvider;

/**
 * Makes throw-away OpenPGP keys with Bouncy Castle: for the runner's demo and for tests, which also need
 * keys that must be refused (expired, revoked, unable to sign). Keys are RSA, version 4, with SHA-256
 * self-signatures and, when a passphrase is given, AES-256 protection with an iterated S2K, as gpg 2.2
 * makes them.
 */
public final class KeyGenerator {
    private KeyGenerator() {}

    /** An RSA 3072 key whose primary key may certify and sign, ASCII-armored like {@code gpg --armor --export-secret-keys}. */
    public static byte[] generateArmoredSecretKey(String userId, char[] passphraseOrNull) {
        return builder(userId).passphrase(passphraseOrNull).generate().armoredSecretKey();
    }

    public static Builder builder(String userId) {
        return new Builder(userId);
    }

    /** A generated key in the two forms people hand around. */
    public static final class GeneratedKey {
        private final String fingerprint;
        private final byte[] armoredSecretKey;
        private final byte[] armoredPublicKey;

        GeneratedKey(String fingerprint, byte[] armoredSecretKey, byte[] armoredPublicKey) {
            this.fingerprint = fingerprint;
            this.armoredSecretKey = armoredSecretKey;
            this.armoredPublicKey = armoredPublicKey;
        }

        /** The primary key's fingerprint, 40 upper-case hex digits. */
        public String fingerprint() {
            return fingerprint;
        }

        public byte[] armoredSecretKey() {
            return armoredSecretKey.clone();
        }

        /** The public key only, as {@code gpg --armor --export} writes it. */
        public byte[] armoredPublicKey() {
            return armoredPublicKey.clone();
        }

        @Override
        public String toString() {
            return "GeneratedKey[" + fingerprint + "]";
        }
    }

    public static final class Builder {
        private final String userId;
        private char[] passphrase;
        private int rsaBits = 3072;
        private Instant createdAt;
        private Duration expiresAfter;
        private boolean primaryMaySign = true;
        private boolean signingSubkey;
        private boolean encryptionSubkey;
        private boolean revoked;

        private Builder(String userId) {
            if (userId == null || userId.isBlank() || userId.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new InvalidInputException("invalid OpenPGP user id " + Names.quote(userId)
                        + ": it must be non-empty, on one line, without control characters");
            }
            this.userId = userId;
        }

        /** Protects the secret key; null or empty leaves it unprotected. The array is copied. */
        public Builder passphrase(char[] passphraseOrNull) {
            this.passphrase = passphraseOrNull == null || passphraseOrNull.length == 0 ? null : passphraseOrNull.clone();
            return this;
        }

        /** RSA modulus size, 2048 to 4096 (2048 is several times faster to generate). */
        public Builder rsaBits(int bits) {
            if (bits < 2048 || bits > 4096) {
                throw new InvalidInputException("invalid RSA key size " + bits + ": use 2048 to 4096 bits");
            }
            this.rsaBits = bits;
            return this;
        }

        /** The creation time of every key; in the past together with {@link #expiresAfter} makes an expired key. */
        public Builder createdAt(Instant time) {
            this.createdAt = time;
            return this;
        }

        /** The validity period counted from creation; null (the default) means the key never expires. */
        public Builder expiresAfter(Duration validity) {
            this.expiresAfter = validity;
            return this;
        }

        /** False leaves the primary key certify-only (it may not sign data). */
        public Builder primaryMaySign(boolean maySign) {
            this.primaryMaySign = maySign;
            return this;
        }

        /** Adds a cross-certified signing subkey (then gpg signs with the subkey). */
        public Builder signingSubkey(boolean add) {
            this.signingSubkey = add;
            return this;
        }

        /** Adds an encryption-only subkey. */
        public Builder encryptionSubkey(boolean add) {
            this.encryptionSubkey = add;
            return this;
        }

        /** Adds a key revocation signature made by the primary key. */
        public Builder revoked(boolean revoke) {
            this.revoked = revoke;
            return this;
        }

        public GeneratedKey generate() {
            try {
                return build();
            } catch (PGPException e) {
                throw new IllegalStateException("OpenPGP key generation failed: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private GeneratedKey build() throws PGPException, IOException {
            Date created = Date.from(createdAt == null ? Instant.now().minusSeconds(60) : createdAt);
            BcPGPKeyPairGeneratorProvider pairs = new BcPGPKeyPairGeneratorProvider();
            PGPKeyPair primary = pairs.get(PublicKeyPacket.VERSION_4, created).generateRsaKeyPair(rsaBits);
            PGPDigestCalculator sha1 = new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1);
            PBESecretKeyEncryptor encryptor = passphrase == null ? null
                    : new BcPBESecretKeyEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256,
                            new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA256), 0x60).build(passphrase);

            PGPSignatureSubpacketGenerator primaryPackets = selfSignaturePackets(created,
                    KeyFlags.CERTIFY_OTHER | (primaryMaySign ? KeyFlags.SIGN_DATA : 0));
            primaryPackets.setPreferredHashAlgorithms(false, new int[] {HashAlgorithmTags.SHA512, HashAlgorithmTags.SHA256});
            primaryPackets.setPreferredSymmetricAlgorithms(false,
                    new int[] {SymmetricKeyAlgorithmTags.AES_256, SymmetricKeyAlgorithmTags.AES_128});
            primaryPackets.setFeature(false, Features.FEATURE_MODIFICATION_DETECTION);
            primaryPackets.setPrimaryUserID(false, true);

            PGPKeyRingGenerator rings = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, primary, userId,
                    sha1, primaryPackets.generate(), null, signer(), encryptor);
            if (signingSubkey) {
                PGPKeyPair sub = pairs.get(PublicKeyPacket.VERSION_4, created).generateRsaKeyPair(rsaBits);
                rings.addSubKey(sub, selfSignaturePackets(created, KeyFlags.SIGN_DATA).generate(), null, signer());
            }
            if (encryptionSubkey) {
                PGPKeyPair sub = pairs.get(PublicKeyPacket.VERSION_4, created).generateRsaKeyPair(rsaBits);
                rings.addSubKey(sub, selfSignaturePackets(created,
                        KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE).generate(), null);
            }
            PGPSecretKeyRing secret = rings.generateSecretKeyRing();
            if (revoked) {
                secret = revoke(secret, primary);
            }
            String fingerprint = SigningKey.hex(secret.getPublicKey().getFingerprint());
            return new GeneratedKey(fingerprint, Armor.encode(secret.getEncoded()),
                    Armor.encode(secret.toCertificate().getEncoded(true)));
        }

        private PGPSignatureSubpacketGenerator selfSignaturePackets(Date created, int flags) {
            PGPSignatureSubpacketGenerator packets = new PGPSignatureSubpacketGenerator();
            packets.setSignatureCreationTime(false, created);
            packets.setKeyFlags(false, flags);
            if (expiresAfter != null) {
                packets.setKeyExpirationTime(false, expiresAfter.toSeconds());
            }
            return packets;
        }

        private static BcPGPContentSignerBuilder signer() {
            return new BcPGPContentSignerBuilder(PGPPublicKey.RSA_GENERAL, HashAlgorithmTags.SHA256);
        }

        private PGPSecretKeyRing revoke(PGPSecretKeyRing ring, PGPKeyPair primary) throws PGPException {
            PGPSignatureGenerator generator = new PGPSignatureGenerator(signer(), primary.getPublicKey());
            PGPSignatureSubpacketGenerator packets = new PGPSignatureSubpacketGenerator();
            packets.setSignatureCreationTime(false, new Date());
            packets.setRevocationReason(false, (byte) 0, "test key revoked");
            PGPSignatureSubpacketVector hashed = packets.generate();
            generator.setHashedSubpackets(hashed);
            generator.init(PGPSignature.KEY_REVOCATION, ring.getSecretKey().extractPrivateKey(
                    new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider())
                            .build(passphrase == null ? new char[0] : passphrase)));
            PGPPublicKey pub = ring.getPublicKey();
            PGPSignature revocation = generator.generateCertification(pub);
            return PGPSecretKeyRing.insertOrReplacePublicKey(ring, PGPPublicKey.addCertification(pub, revocation));
        }
    }
}
