package io.jenkins.plugins.flatpak.engine.gpg;

import static io.jenkins.plugins.flatpak.engine.gpg.ScratchGpg.assertNoSecrets;
import static io.jenkins.plugins.flatpak.engine.gpg.ScratchGpg.fingerprintAfter;
import static io.jenkins.plugins.flatpak.engine.gpg.ScratchGpg.records;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Parses keys made by Bouncy Castle and by gpg itself, and checks every refusal against what gpg says. */
class SigningKeyTest {
    private static final String USER_ID = "Flatpak Test <flatpak-test@example.org>";
    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

    private static ScratchGpg gpg;
    private static KeyGenerator.GeneratedKey plain;
    private static KeyGenerator.GeneratedKey protectedKey;

    @BeforeAll
    static void keys() throws Exception {
        gpg = new ScratchGpg();
        plain = KeyGenerator.builder(USER_ID).rsaBits(2048).generate();
        protectedKey = KeyGenerator.builder(USER_ID).rsaBits(2048).passphrase(PASSPHRASE).generate();
    }

    @AfterAll
    static void cleanup() throws Exception {
        gpg.close();
    }

    @Test
    void parsesAKeyAndReportsWhatGpgSees() {
        SigningKey key = SigningKey.parse(plain.armoredSecretKey(), null);

        List<String> seen = gpg.showOnly(key.publicKeyArmored().getBytes(StandardCharsets.US_ASCII));
        assertEquals(fingerprintAfter(seen, "pub"), key.fingerprint());
        assertTrue(key.fingerprint().matches("[0-9A-F]{40}"), key.fingerprint());
        assertEquals(plain.fingerprint(), key.fingerprint());
        assertEquals(key.fingerprint().substring(24), key.keyId(), "the primary key signs");
        assertEquals(List.of(USER_ID), key.userIds());
        assertEquals(1, records(seen, "pub").size());
        assertTrue(records(seen, "sec").isEmpty(), "the exported public key must hold no secret key");

        String armored = key.publicKeyArmored();
        assertTrue(armored.startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----"), armored);
        assertFalse(armored.contains("PRIVATE"), armored);
        assertEquals(key.fingerprint(), fingerprintAfter(gpg.showOnly(key.publicKeyBinary()), "pub"));
        assertArrayEquals(key.publicKeyBinary(), Base64.getDecoder().decode(key.publicKeyBase64()));
        assertFalse(key.publicKeyBase64().contains("\n"));
    }

    @Test
    void parsesAPassphraseProtectedKey() {
        List<String> packets = gpg.capture(gpg.gpg("--list-packets").stdin(protectedKey.armoredSecretKey()));
        assertTrue(packets.stream().anyMatch(l -> l.contains("protect count")),
                "gpg must see the generated secret key as passphrase-protected: " + packets);

        SigningKey key = SigningKey.parse(protectedKey.armoredSecretKey(), PASSPHRASE.clone());

        assertEquals(protectedKey.fingerprint(), key.fingerprint());
        assertEquals(protectedKey.fingerprint(),
                fingerprintAfter(gpg.showOnly(key.publicKeyBinary()), "pub"));
    }

    @Test
    void choosesTheSigningSubkeyLikeGpg() {
        KeyGenerator.GeneratedKey generated = KeyGenerator.builder(USER_ID).rsaBits(2048)
                .primaryMaySign(false).signingSubkey(true).encryptionSubkey(true).generate();

        SigningKey key = SigningKey.parse(generated.armoredSecretKey(), null);

        List<String> seen = gpg.showOnly(key.publicKeyBinary());
        List<String> signingSubkeys = records(seen, "sub").stream().filter(f -> f[11].equals("s"))
                .map(f -> f[4]).collect(Collectors.toList());
        assertEquals(List.of(key.keyId()), signingSubkeys, String.join("\n", seen));
        assertNotEquals(key.fingerprint().substring(24), key.keyId());
    }

    @Test
    void readsAProtectedEd25519KeyMadeByGpg() throws Exception {
        try (ScratchGpg maker = new ScratchGpg()) {
            maker.capture(maker.gpg("--pinentry-mode=loopback", "--passphrase-fd=0",
                    "--quick-gen-key", "Made By Gpg <gpg@example.org>", "ed25519", "sign", "never")
                    .stdin(passphraseLine()));
            String fpr = fingerprintAfter(maker.capture(maker.gpg("--with-colons", "--list-secret-keys")), "sec");
            byte[] exported = exportSecret(maker, "--export-secret-keys", fpr);

            SigningKey key = SigningKey.parse(exported, PASSPHRASE.clone());

            assertEquals(fpr, key.fingerprint());
            assertEquals(fpr.substring(24), key.keyId());
            assertEquals(List.of("Made By Gpg <gpg@example.org>"), key.userIds());
            InvalidInputException wrong = assertThrows(InvalidInputException.class,
                    () -> SigningKey.parse(exported, "not it".toCharArray()));
            assertTrue(wrong.getMessage().contains("passphrase") && wrong.getMessage().contains("wrong"),
                    wrong.getMessage());
        }
    }

    @Test
    void readsAGpgExportOfSecretSubkeysOnly() throws Exception {
        try (ScratchGpg maker = new ScratchGpg()) {
            maker.capture(maker.gpg("--pinentry-mode=loopback", "--passphrase-fd=0",
                    "--quick-gen-key", "Offline Primary <offline@example.org>", "ed25519", "cert", "never")
                    .stdin(passphraseLine()));
            String fpr = fingerprintAfter(maker.capture(maker.gpg("--with-colons", "--list-secret-keys")), "sec");
            maker.capture(maker.gpg("--pinentry-mode=loopback", "--passphrase-fd=0",
                    "--quick-add-key", fpr, "ed25519", "sign", "never").stdin(passphraseLine()));
            List<String> listing = maker.capture(maker.gpg("--with-colons", "--list-secret-keys"));
            String subkeyId = records(listing, "ssb").get(0)[4];
            byte[] subkeysOnly = exportSecret(maker, "--export-secret-subkeys", fpr);

            SigningKey key = SigningKey.parse(subkeysOnly, PASSPHRASE.clone());

            assertEquals(fpr, key.fingerprint());
            assertEquals(subkeyId, key.keyId());

            // The stub primary key travels into the GpgHome and the subkey signs there.
            Path data = Files.createTempFile("signed-", ".txt");
            try (GpgHome home = GpgHome.open(key, ScratchGpg.RUNNER)) {
                Files.writeString(data, "signed without the primary secret\n");
                ScratchGpg.RUNNER.run(Command.of("gpg", "--batch", "--no-tty").option("--homedir", home.homedir().toString())
                        .option("--local-user", home.keyId()).option("--output", data + ".sig").arg("--detach-sign")
                        .endOfOptions().arg(data.toString()), ScratchGpg.TIMEOUT, OutputSink.DISCARD, null);
                List<String> status = maker.capture(maker.gpg("--status-fd=1", "--verify", data + ".sig", data.toString()));
                assertTrue(status.stream().anyMatch(l -> l.startsWith("[GNUPG:] VALIDSIG ") && l.endsWith(" " + fpr)),
                        String.join("\n", status));
            } finally {
                Files.deleteIfExists(data);
                Files.deleteIfExists(Paths.get(data + ".sig"));
            }
        }
    }

    @Test
    void refusesEmptyInput() {
        for (byte[] empty : new byte[][] {null, new byte[0], " \n\t\n".getBytes(StandardCharsets.US_ASCII)}) {
            String message = refusal(empty, PASSPHRASE);
            assertTrue(message.contains("empty"), message);
        }
    }

    @Test
    void refusesGarbage() {
        byte[] garbage = "this is not a key at all\nreally not\n".getBytes(StandardCharsets.US_ASCII);
        String message = refusal(garbage, null);
        assertTrue(message.contains("not an ASCII-armored OpenPGP secret key"), message);
        assertNoSecrets(message, garbage, null);
    }

    @Test
    void refusesBinaryKeys() {
        byte[] binary = Base64.getMimeDecoder().decode(armorBody(plain.armoredSecretKey()));
        String message = refusal(binary, null);
        assertTrue(message.contains("binary OpenPGP data, not ASCII-armored"), message);
    }

    @Test
    void refusesDamagedArmor() {
        String text = new String(plain.armoredSecretKey(), StandardCharsets.US_ASCII);
        String[] lines = text.split("\n");
        int middle = lines.length / 2;
        char[] line = lines[middle].toCharArray();
        line[10] = line[10] == 'A' ? 'B' : 'A';
        lines[middle] = new String(line);
        byte[] damaged = String.join("\n", lines).getBytes(StandardCharsets.US_ASCII);

        String message = refusal(damaged, null);

        assertTrue(message.contains("damaged"), message);
        assertNoSecrets(message, damaged, null);
    }

    @Test
    void refusesAPublicKey() {
        byte[] publicKey = plain.armoredPublicKey();
        assertEquals(plain.fingerprint(), fingerprintAfter(gpg.showOnly(publicKey), "pub"));

        String message = refusal(publicKey, PASSPHRASE);

        assertTrue(message.contains("public key only"), message);
        assertNoSecrets(message, publicKey, PASSPHRASE);
    }

    @Test
    void refusesAKeyThatCannotSign() {
        KeyGenerator.GeneratedKey generated = KeyGenerator.builder(USER_ID).rsaBits(2048)
                .primaryMaySign(false).encryptionSubkey(true).generate();
        String capabilities = records(gpg.showOnly(generated.armoredPublicKey()), "pub").get(0)[11];
        assertFalse(capabilities.contains("S"), "gpg must agree the key cannot sign: " + capabilities);

        String message = refusal(generated.armoredSecretKey(), null);

        assertTrue(message.contains("has no key that can sign"), message);
        assertTrue(message.contains("may not sign (usage: certify)"), message);
        assertTrue(message.contains("may not sign (usage: encrypt)"), message);
        assertTrue(message.contains(generated.fingerprint()), message);
        assertNoSecrets(message, generated.armoredSecretKey(), null);
    }

    @Test
    void refusesAnExpiredKey() {
        KeyGenerator.GeneratedKey generated = KeyGenerator.builder(USER_ID).rsaBits(2048).passphrase(PASSPHRASE)
                .createdAt(Instant.now().minus(Duration.ofDays(10))).expiresAfter(Duration.ofDays(1)).generate();
        assertEquals("e", records(gpg.showOnly(generated.armoredPublicKey()), "pub").get(0)[1],
                "gpg must see the key as expired");

        String message = refusal(generated.armoredSecretKey(), PASSPHRASE);

        assertTrue(message.contains("expired on"), message);
        assertNoSecrets(message, generated.armoredSecretKey(), PASSPHRASE);
    }

    @Test
    void acceptsAKeyThatExpiresLater() {
        KeyGenerator.GeneratedKey generated = KeyGenerator.builder(USER_ID).rsaBits(2048)
                .createdAt(Instant.now().minus(Duration.ofDays(10))).expiresAfter(Duration.ofDays(30)).generate();

        assertEquals(generated.fingerprint(), SigningKey.parse(generated.armoredSecretKey(), null).fingerprint());
    }

    @Test
    void refusesARevokedKey() {
        KeyGenerator.GeneratedKey generated = KeyGenerator.builder(USER_ID).rsaBits(2048).revoked(true).generate();
        assertEquals("r", records(gpg.showOnly(generated.armoredPublicKey()), "pub").get(0)[1],
                "gpg must see the key as revoked");

        String message = refusal(generated.armoredSecretKey(), null);

        assertTrue(message.contains("has been revoked"), message);
        assertNoSecrets(message, generated.armoredSecretKey(), null);
    }

    @Test
    void refusesAWrongPassphrase() {
        char[] wrong = "Tr0ub4dor&3-wrong".toCharArray();
        String message = refusal(protectedKey.armoredSecretKey(), wrong);

        assertEquals("the passphrase for the signing key " + protectedKey.fingerprint() + " is wrong", message);
        assertNoSecrets(message, protectedKey.armoredSecretKey(), wrong);
        assertNoSecrets(message, protectedKey.armoredSecretKey(), PASSPHRASE);
    }

    @Test
    void refusesAMissingPassphrase() {
        for (char[] none : new char[][] {null, new char[0]}) {
            String message = refusal(protectedKey.armoredSecretKey(), none);
            assertTrue(message.contains("is protected by a passphrase, but no passphrase was given"), message);
            assertNoSecrets(message, protectedKey.armoredSecretKey(), PASSPHRASE);
        }
    }

    @Test
    void acceptsAPassphraseForAnUnprotectedKey() {
        assertEquals(plain.fingerprint(), SigningKey.parse(plain.armoredSecretKey(), PASSPHRASE.clone()).fingerprint());
    }

    @Test
    void refusesSeveralKeysInOneBlock() {
        byte[] binary = concat(Base64.getMimeDecoder().decode(armorBody(plain.armoredSecretKey())),
                Base64.getMimeDecoder().decode(armorBody(protectedKey.armoredSecretKey())));

        String message = refusal(Armor.encode(binary), null);

        assertTrue(message.contains("contains 2 secret keys"), message);
        assertTrue(message.contains(plain.fingerprint()) && message.contains(protectedKey.fingerprint()), message);
    }

    @Test
    void refusesSeveralArmoredKeys() {
        String message = refusal(concat(plain.armoredSecretKey(), protectedKey.armoredSecretKey()), null);

        assertTrue(message.contains("contains 2 secret keys"), message);
    }

    @Test
    void doesNotLeakSecretsThroughToStringAndCanBeDestroyed() {
        SigningKey key = SigningKey.parse(protectedKey.armoredSecretKey(), PASSPHRASE.clone());
        assertTrue(key.toString().contains(key.fingerprint()), key.toString());
        assertNoSecrets(key.toString(), protectedKey.armoredSecretKey(), PASSPHRASE);
        byte[] secret = key.unprotectedSecretRing();
        assertTrue(secret.length > 500);

        key.close();

        assertTrue(key.isDestroyed());
        assertTrue(key.toString().contains("destroyed"), key.toString());
        IllegalStateException e = assertThrows(IllegalStateException.class, key::unprotectedSecretRing);
        assertTrue(e.getMessage().contains("destroyed"), e.getMessage());
        assertEquals(protectedKey.fingerprint(), key.fingerprint(), "public facts stay available");
        key.destroy();
    }

    @Test
    void doesNotModifyTheCallersPassphrase() {
        char[] passphrase = PASSPHRASE.clone();
        SigningKey.parse(protectedKey.armoredSecretKey(), passphrase);
        assertArrayEquals(PASSPHRASE, passphrase);
    }

    private static String refusal(byte[] key, char[] passphrase) {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SigningKey.parse(key, passphrase == null ? null : passphrase.clone()));
        assertEquals(null, e.getCause(), "causes could carry parser details about the key");
        return e.getMessage();
    }

    private static byte[] exportSecret(ScratchGpg maker, String how, String fpr) {
        List<String> lines = maker.capture(maker.gpg("--pinentry-mode=loopback", "--passphrase-fd=0", "--armor", how, fpr)
                .stdin(passphraseLine()));
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] passphraseLine() {
        return (new String(PASSPHRASE) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The base64 body of an armored block (between the blank line after the headers and the checksum). */
    private static String armorBody(byte[] armored) {
        String text = new String(armored, StandardCharsets.US_ASCII);
        StringBuilder body = new StringBuilder();
        boolean inBody = false;
        for (String line : text.split("\r?\n")) {
            if (line.startsWith("-----END")) {
                break;
            }
            if (inBody && !line.startsWith("=")) {
                body.append(line);
            }
            if (line.isEmpty()) {
                inBody = true;
            }
        }
        return body.toString();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
