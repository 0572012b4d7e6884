package io.jenkins.plugins.flatpak.jenkins.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keys made and exported by the real gpg, turned into engine keys the way the credentials resolver does. */
class SigningKeysTest {
    private static final ToolRunner RUNNER = new ToolRunner();
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String PASSPHRASE = "correct horse battery staple";

    private static Path home;
    private static String fingerprint;
    private static String armoredKey;

    @BeforeAll
    static void makeKeyWithGpg() throws IOException {
        home = Files.createTempDirectory(Path.of("/tmp"), "jstub-gpg-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        byte[] passphrase = (PASSPHRASE + "\n").getBytes(StandardCharsets.UTF_8);
        RUNNER.run(gpg().arg("--passphrase-fd").arg("0").arg("--quick-gen-key")
                .positional("Flatpak Credentials Test <credentials-test@example.org>")
                .positional("rsa2048").positional("sign").positional("1d").stdin(passphrase),
                TIMEOUT, OutputSink.DISCARD, null);
        List<String> colons = RUNNER.capture(gpg().arg("--with-colons").arg("--list-secret-keys"),
                TIMEOUT, OutputSink.DISCARD, null).output();
        fingerprint = colons.stream().filter(l -> l.startsWith("fpr:")).findFirst().orElseThrow().split(":")[9];
        armoredKey = String.join("\n", RUNNER.capture(gpg().arg("--passphrase-fd").arg("0").arg("--armor")
                .arg("--export-secret-keys").positional(fingerprint).stdin(passphrase), TIMEOUT, OutputSink.DISCARD, null)
                .output()) + "\n";
    }

    @AfterAll
    static void removeHome() throws IOException {
        if (home == null) {
            return;
        }
        RUNNER.captureAccepting(Command.of("gpgconf").option("--homedir", home.toString()).arg("--kill").arg("all"),
                TIMEOUT, OutputSink.DISCARD, null, java.util.Set.of(0, 1, 2));
        try (Stream<Path> walk = Files.walk(home)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Command gpg() {
        return Command.of("gpg", "--batch", "--no-tty", "--pinentry-mode", "loopback").option("--homedir", home.toString());
    }

    @Test
    void anArmoredKeyWithItsPassphraseBecomesTheKeyGpgMade() {
        assertTrue(armoredKey.contains("BEGIN PGP PRIVATE KEY BLOCK"), "gpg exported no secret key");
        try (SigningKey key = SigningKeys.fromArmored(armoredKey, PASSPHRASE)) {
            assertEquals(fingerprint, key.fingerprint());
            assertTrue(key.userIds().contains("Flatpak Credentials Test <credentials-test@example.org>"), key.userIds().toString());
        }
    }

    @Test
    void aWrongOrMissingPassphraseIsRefusedWithoutShowingSecrets() {
        InvalidInputException wrong = assertThrows(InvalidInputException.class,
                () -> SigningKeys.fromArmored(armoredKey, "not the passphrase"));
        assertTrue(wrong.getMessage().contains("passphrase"), wrong.getMessage());
        assertNoSecrets(wrong.getMessage(), "not the passphrase");
        InvalidInputException missing = assertThrows(InvalidInputException.class, () -> SigningKeys.fromArmored(armoredKey, ""));
        assertTrue(missing.getMessage().contains("no passphrase was given"), missing.getMessage());
        assertNoSecrets(missing.getMessage(), PASSPHRASE);
    }

    @Test
    void aSecretFileIsReadClosedAndParsed() throws IOException {
        boolean[] closed = {false};
        InputStream content = new ByteArrayInputStream(armoredKey.getBytes(StandardCharsets.US_ASCII)) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        try (SigningKey key = SigningKeys.fromStream(content, PASSPHRASE, "secret file 'release-key'")) {
            assertEquals(fingerprint, key.fingerprint());
        }
        assertTrue(closed[0], "the credential's stream was left open");
    }

    @Test
    void anOversizedSecretFileIsRefusedBeforeParsing() {
        byte[] big = new byte[SigningKeys.MAX_KEY_BYTES + 1];
        Arrays.fill(big, (byte) 'A');
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SigningKeys.fromStream(new ByteArrayInputStream(big), null, "secret file 'huge'"));
        assertTrue(e.getMessage().startsWith("secret file 'huge' is larger than"), e.getMessage());
    }

    @Test
    void aPublicKeyOrEmptyTextIsNotASigningKey() {
        String publicKey = String.join("\n", RUNNER.capture(gpg().arg("--armor").arg("--export").positional(fingerprint),
                TIMEOUT, OutputSink.DISCARD, null).output());
        InvalidInputException pub = assertThrows(InvalidInputException.class, () -> SigningKeys.fromArmored(publicKey, null));
        assertTrue(pub.getMessage().contains("public key only"), pub.getMessage());
        InvalidInputException empty = assertThrows(InvalidInputException.class, () -> SigningKeys.fromArmored("  \n", null));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
    }

    private static void assertNoSecrets(String message, String passphrase) {
        assertFalse(message.contains(passphrase), "message shows the passphrase: " + message);
        for (String line : armoredKey.split("\n")) {
            if (line.length() > 20) {
                assertFalse(message.contains(line), "message shows a line of the key: " + message);
            }
        }
    }
}
