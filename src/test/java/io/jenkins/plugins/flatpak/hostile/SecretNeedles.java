package io.jenkins.plugins.flatpak.hostile;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import org.bouncycastle.bcpg.BCPGInputStream;
import org.bouncycastle.bcpg.Packet;
import org.bouncycastle.bcpg.RSASecretBCPGKey;
import org.bouncycastle.bcpg.SecretKeyPacket;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;

/**
 * What a leaked secret would look like: the passphrase, the key's secret material (the RSA private values d, p,
 * q and u as gpg or Bouncy Castle would store them unprotected, and the passphrase-encrypted secret data of
 * every secret key packet as an export carries it, and the lines of the armored export that hold only that
 * data), each raw, in hex and in Base64 at every byte alignment, so a
 * secret found inside a longer Base64 text or an S-expression is found too. Public key material, which a
 * signed repository publishes, is never a needle.
 */
final class SecretNeedles {
    /** A byte sequence whose presence means a leak, and what it is. */
    record Needle(String what, byte[] bytes) {
        String text() {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    private final List<Needle> needles = new ArrayList<>();

    private SecretNeedles() {}

    static SecretNeedles of(String passphrase, byte[] armoredSecretKey) {
        SecretNeedles n = new SecretNeedles();
        n.add("the passphrase", passphrase.getBytes(StandardCharsets.UTF_8));
        PGPSecretKeyRing ring;
        try {
            ring = new PGPSecretKeyRing(PGPUtil.getDecoderStream(new ByteArrayInputStream(armoredSecretKey)),
                    new BcKeyFingerprintCalculator());
        } catch (IOException | PGPException e) {
            throw new IllegalStateException("cannot read the test key", e);
        }
        byte[] binary = dearmor(armoredSecretKey);
        for (Iterator<PGPSecretKey> it = ring.getSecretKeys(); it.hasNext(); ) {
            PGPSecretKey key = it.next();
            String name = "key " + Long.toHexString(key.getKeyID());
            try {
                // The secret key packet alone: what follows it in the encoding (user ids, signatures) is public.
                Packet packet = new BCPGInputStream(new ByteArrayInputStream(key.getEncoded())).readPacket();
                byte[] encrypted = ((SecretKeyPacket) packet).getSecretKeyData();
                n.add(name + ": encrypted secret part", encrypted);
                n.addArmorLines(name, armoredSecretKey, binary, encrypted);
                PGPPrivateKey privateKey = key.extractPrivateKey(new BcPBESecretKeyDecryptorBuilder(
                        new BcPGPDigestCalculatorProvider()).build(passphrase.toCharArray()));
                RSASecretBCPGKey rsa = (RSASecretBCPGKey) privateKey.getPrivateKeyDataPacket();
                n.add(name + ": d", magnitude(rsa.getPrivateExponent()));
                n.add(name + ": p", magnitude(rsa.getPrimeP()));
                n.add(name + ": q", magnitude(rsa.getPrimeQ()));
                n.add(name + ": u", magnitude(rsa.getCrtCoefficient()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (PGPException e) {
                throw new IllegalStateException(e);
            }
        }
        return n;
    }

    List<Needle> all() {
        return needles;
    }

    /** What of {@code haystack} is a secret: the names of the needles found in it. */
    List<String> foundIn(byte[] haystack) {
        return foundIn(new String(haystack, StandardCharsets.ISO_8859_1));
    }

    List<String> foundIn(String latin1) {
        List<String> found = new ArrayList<>();
        for (Needle n : needles) {
            if (latin1.contains(n.text())) {
                found.add(n.what());
            }
        }
        return found;
    }

    /** The secret raw, in hex, and in Base64 at each of the three byte alignments (the part only it decides). */
    private void add(String what, byte[] secret) {
        byte[] core = secret.length > 48 ? Arrays.copyOfRange(secret, secret.length / 2 - 16, secret.length / 2 + 16)
                : secret;
        needles.add(new Needle(what, core));
        needles.add(new Needle(what + " in hex", HexFormat.of().formatHex(core).getBytes(StandardCharsets.ISO_8859_1)));
        needles.add(new Needle(what + " in HEX",
                HexFormat.of().withUpperCase().formatHex(core).getBytes(StandardCharsets.ISO_8859_1)));
        for (int align = 0; align < 3; align++) {
            byte[] shifted = new byte[align + secret.length];
            System.arraycopy(secret, 0, shifted, align, secret.length);
            String b64 = Base64.getEncoder().encodeToString(shifted);
            int start = align == 0 ? 0 : 4;
            int end = b64.length() - 4;
            if (secret.length > 48) {
                start = Math.max(start, (b64.length() / 2 / 4) * 4 - 20);
                end = Math.min(end, start + 40);
            }
            if (end - start >= 12) {
                needles.add(new Needle(what + " in Base64 (alignment " + align + ")",
                        b64.substring(start, end).getBytes(StandardCharsets.ISO_8859_1)));
            }
        }
    }

    /** The lines of the armored export that encode nothing but the encrypted secret part, verbatim. */
    private void addArmorLines(String name, byte[] armored, byte[] binary, byte[] encrypted) {
        int from = indexOf(binary, encrypted);
        if (from < 0) {
            throw new IllegalStateException("the secret data of " + name + " is not in the armored export");
        }
        int to = from + encrypted.length;
        String[] lines = new String(armored, StandardCharsets.US_ASCII).split("\r?\n");
        int first = 0;
        while (first < lines.length && !lines[first].isEmpty()) {
            first++; // the BEGIN line and the armor headers end with an empty line
        }
        List<String> body = new ArrayList<>();
        for (int k = first + 1; k < lines.length && !lines[k].startsWith("=") && !lines[k].startsWith("-----"); k++) {
            body.add(lines[k]);
        }
        int offset = 0;
        for (String line : body) {
            int bytes = line.length() / 4 * 3;
            if (offset >= from && offset + bytes <= to && line.length() >= 40) {
                needles.add(new Needle(name + ": a line of the armored export", line.getBytes(StandardCharsets.US_ASCII)));
            }
            offset += bytes;
        }
    }

    private static byte[] dearmor(byte[] armored) {
        try (java.io.InputStream in = new org.bouncycastle.bcpg.ArmoredInputStream(new ByteArrayInputStream(armored))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] magnitude(BigInteger value) {
        byte[] b = value.toByteArray();
        return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).indexOf(new String(needle, StandardCharsets.ISO_8859_1));
    }
}
