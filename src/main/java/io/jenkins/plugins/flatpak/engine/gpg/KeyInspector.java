package io.jenkins.plugins.flatpak.engine.gpg;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SignatureSubpacketTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * What gpg would think of each key of a certificate: may it sign, is it revoked or expired. Only
 * self-signatures that verify count, the way gpg ignores forged or broken ones.
 */
final class KeyInspector {
    private static final int[] CERTIFICATIONS = {
        PGPSignature.POSITIVE_CERTIFICATION, PGPSignature.CASUAL_CERTIFICATION,
        PGPSignature.NO_CERTIFICATION, PGPSignature.DEFAULT_CERTIFICATION
    };

    private final PGPPublicKey primary;

    KeyInspector(PGPPublicKey primary) {
        this.primary = primary;
    }

    /** The newest verified self-signature of the primary key (user id certification or direct-key), or null. */
    PGPSignature primarySelfSignature() {
        List<PGPSignature> found = new ArrayList<>();
        for (Iterator<byte[]> ids = primary.getRawUserIDs(); ids.hasNext(); ) {
            byte[] id = ids.next();
            for (Iterator<PGPSignature> it = primary.getSignaturesForID(id); it != null && it.hasNext(); ) {
                PGPSignature sig = it.next();
                if (isCertification(sig.getSignatureType()) && verifies(sig, primary, s -> s.verifyCertification(id, primary))) {
                    found.add(sig);
                }
            }
        }
        for (PGPSignature sig : ofType(primary, PGPSignature.DIRECT_KEY)) {
            if (verifies(sig, primary, s -> s.verifyCertification(primary))) {
                found.add(sig);
            }
        }
        return newest(found);
    }

    /** The newest verified binding signature of a subkey, or null. */
    PGPSignature bindingSignature(PGPPublicKey subkey) {
        List<PGPSignature> found = new ArrayList<>();
        for (PGPSignature sig : ofType(subkey, PGPSignature.SUBKEY_BINDING)) {
            if (verifies(sig, primary, s -> s.verifyCertification(primary, subkey))) {
                found.add(sig);
            }
        }
        return newest(found);
    }

    /** A signing subkey must sign its own binding back (an embedded primary-key binding), or gpg refuses it. */
    boolean crossCertified(PGPPublicKey subkey, PGPSignature binding) {
        for (PGPSignatureSubpacketVector area : new PGPSignatureSubpacketVector[] {
                binding.getHashedSubPackets(), binding.getUnhashedSubPackets()}) {
            if (area == null) {
                continue;
            }
            PGPSignatureList embedded;
            try {
                embedded = area.getEmbeddedSignatures();
            } catch (PGPException | RuntimeException e) {
                continue;
            }
            for (PGPSignature back : embedded) {
                if (back.getSignatureType() == PGPSignature.PRIMARYKEY_BINDING
                        && verifies(back, subkey, s -> s.verifyCertification(primary, subkey))) {
                    return true;
                }
            }
        }
        return false;
    }

    boolean revoked(PGPPublicKey key) {
        if (key.isMasterKey()) {
            for (PGPSignature sig : ofType(key, PGPSignature.KEY_REVOCATION)) {
                if (verifies(sig, primary, s -> s.verifyCertification(primary))) {
                    return true;
                }
            }
            return false;
        }
        for (PGPSignature sig : ofType(key, PGPSignature.SUBKEY_REVOCATION)) {
            if (verifies(sig, primary, s -> s.verifyCertification(primary, key))) {
                return true;
            }
        }
        return false;
    }

    /** When the key expires according to its self-signature, or null when it never does. */
    static Instant expiry(PGPPublicKey key, PGPSignature selfSignature) {
        PGPSignatureSubpacketVector hashed = selfSignature.getHashedSubPackets();
        long seconds = hashed == null ? 0 : hashed.getKeyExpirationTime();
        return seconds <= 0 ? null : key.getCreationTime().toInstant().plusSeconds(seconds);
    }

    /** Without key flags, a key may do whatever its algorithm can (gpg's rule for old keys). */
    static boolean maySign(PGPPublicKey key, PGPSignature selfSignature) {
        PGPSignatureSubpacketVector hashed = selfSignature.getHashedSubPackets();
        if (hashed != null && hashed.hasSubpacket(SignatureSubpacketTags.KEY_FLAGS)) {
            return (hashed.getKeyFlags() & KeyFlags.SIGN_DATA) != 0 && algorithmCanSign(key.getAlgorithm());
        }
        return algorithmCanSign(key.getAlgorithm());
    }

    /** The usage a key's self-signature grants, for error messages ("certify, encrypt"). */
    static String usage(PGPSignature selfSignature) {
        PGPSignatureSubpacketVector hashed = selfSignature.getHashedSubPackets();
        if (hashed == null || !hashed.hasSubpacket(SignatureSubpacketTags.KEY_FLAGS)) {
            return "no key flags";
        }
        int flags = hashed.getKeyFlags();
        List<String> names = new ArrayList<>();
        if ((flags & KeyFlags.CERTIFY_OTHER) != 0) {
            names.add("certify");
        }
        if ((flags & KeyFlags.SIGN_DATA) != 0) {
            names.add("sign");
        }
        if ((flags & (KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE)) != 0) {
            names.add("encrypt");
        }
        if ((flags & KeyFlags.AUTHENTICATION) != 0) {
            names.add("authenticate");
        }
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    static boolean algorithmCanSign(int algorithm) {
        switch (algorithm) {
            case PublicKeyAlgorithmTags.RSA_GENERAL:
            case 3: // RSA sign-only, a deprecated but valid algorithm id
            case PublicKeyAlgorithmTags.DSA:
            case PublicKeyAlgorithmTags.ECDSA:
            case PublicKeyAlgorithmTags.EDDSA_LEGACY:
            case PublicKeyAlgorithmTags.Ed25519:
            case PublicKeyAlgorithmTags.Ed448:
                return true;
            default:
                return false;
        }
    }

    private static boolean isCertification(int type) {
        for (int t : CERTIFICATIONS) {
            if (t == type) {
                return true;
            }
        }
        return false;
    }

    private static List<PGPSignature> ofType(PGPPublicKey key, int type) {
        List<PGPSignature> sigs = new ArrayList<>();
        for (Iterator<PGPSignature> it = key.getSignaturesOfType(type); it.hasNext(); ) {
            sigs.add(it.next());
        }
        return sigs;
    }

    private static PGPSignature newest(List<PGPSignature> sigs) {
        PGPSignature best = null;
        for (PGPSignature s : sigs) {
            if (best == null || s.getCreationTime().after(best.getCreationTime())) {
                best = s;
            }
        }
        return best;
    }

    private interface Check {
        boolean run(PGPSignature sig) throws PGPException;
    }

    private static boolean verifies(PGPSignature sig, PGPPublicKey signer, Check check) {
        try {
            sig.init(new BcPGPContentVerifierBuilderProvider(), signer);
            return check.run(sig);
        } catch (PGPException | RuntimeException e) {
            return false;
        }
    }
}
