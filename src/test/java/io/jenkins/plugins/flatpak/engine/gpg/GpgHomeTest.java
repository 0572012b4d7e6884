package io.jenkins.plugins.flatpak.engine.gpg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real gpg signs with the imported key; a second gpg that has only the public key verifies. */
class GpgHomeTest {
    private static final String USER_ID = "Flatpak Repo Signing <repo@example.org>";
    private static final char[] PASSPHRASE = "pass phrase with spaces & $ymbols".toCharArray();

    private static KeyGenerator.GeneratedKey plain;
    private static KeyGenerator.GeneratedKey withSubkey;

    @TempDir
    Path work;

    @BeforeAll
    static void keys() {
        plain = KeyGenerator.builder(USER_ID).rsaBits(2048).generate();
        withSubkey = KeyGenerator.builder(USER_ID).rsaBits(2048).passphrase(PASSPHRASE)
                .primaryMaySign(false).signingSubkey(true).encryptionSubkey(true).generate();
    }

    @Test
    void opensAPrivateHomeThatSignsVerifiably() throws Exception {
        SigningKey key = SigningKey.parse(plain.armoredSecretKey(), null);
        try (GpgHome home = GpgHome.open(key, ScratchGpg.RUNNER)) {
            Path dir = home.homedir();
            assertEquals(Paths.get(System.getProperty("java.io.tmpdir")).toAbsolutePath(), dir.getParent());
            assertTrue(dir.getFileName().toString().startsWith("flatpak-gpg-"), dir.toString());
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
            assertEquals(key.keyId(), home.keyId());

            Path file = signedFile(home, "content to sign\n");

            List<String> status = verify(key, file, true);
            assertTrue(status.stream().anyMatch(l -> l.startsWith("[GNUPG:] VALIDSIG ") && l.endsWith(" " + key.fingerprint())),
                    String.join("\n", status));

            Files.writeString(file, "content to sign, tampered\n");
            List<String> tampered = verify(key, file, false);
            assertTrue(tampered.stream().anyMatch(l -> l.startsWith("[GNUPG:] BADSIG " + key.keyId())),
                    String.join("\n", tampered));
        }
    }

    @Test
    void signsWithAPassphraseProtectedSubkeyWithoutAskingAndKeepsThePassphraseOutOfTheHome() throws Exception {
        SigningKey key = SigningKey.parse(withSubkey.armoredSecretKey(), PASSPHRASE.clone());
        try (GpgHome home = GpgHome.open(key, ScratchGpg.RUNNER)) {
            Path file = signedFile(home, "signed by the subkey\n");

            List<String> status = verify(key, file, true);
            // VALIDSIG <signing key fingerprint> ... <primary key fingerprint>
            String validsig = status.stream().filter(l -> l.startsWith("[GNUPG:] VALIDSIG ")).findFirst().orElseThrow();
            String[] f = validsig.split(" ");
            assertTrue(f[2].endsWith(key.keyId()), validsig);
            assertEquals(key.fingerprint(), f[f.length - 1], validsig);

            byte[] passphrase = new String(PASSPHRASE).getBytes(StandardCharsets.UTF_8);
            try (Stream<Path> files = Files.walk(home.homedir())) {
                for (Path p : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                    assertFalse(contains(Files.readAllBytes(p), passphrase), "passphrase found in " + p);
                }
            }
        }
    }

    @Test
    void closeStopsTheAgentAndDeletesTheHome() throws Exception {
        SigningKey key = SigningKey.parse(plain.armoredSecretKey(), null);
        GpgHome home = GpgHome.open(key, ScratchGpg.RUNNER);
        Path dir = home.homedir();
        signedFile(home, "make the agent work\n");
        assertFalse(agentsOf(dir).isEmpty(), "an agent should serve the home while it is open");

        home.close();

        assertFalse(Files.exists(dir), dir + " still exists");
        assertEquals(List.of(), agentsOf(dir));
        home.close();
        assertFalse(Files.exists(dir));
    }

    @Test
    void theDaemonsAreStoppedEvenWithoutGpgconf() throws Exception {
        try (ScratchGpg scratch = new ScratchGpg()) {
            ScratchGpg.RUNNER.run(Command.of("gpg-connect-agent").option("--homedir", scratch.home.toString())
                    .arg("/bye"), ScratchGpg.TIMEOUT, OutputSink.DISCARD, null);
            assertFalse(agentsOf(scratch.home).isEmpty(), "gpg-connect-agent should have started an agent");

            GnupgDaemons.stop(scratch.home);

            assertEquals(List.of(), agentsOf(scratch.home));
        }
    }

    @Test
    void aFailedImportLeavesNoHomeAndNoAgent() throws Exception {
        SigningKey key = SigningKey.parse(plain.armoredSecretKey(), null);
        SigningKey other = SigningKey.parse(withSubkey.armoredSecretKey(), PASSPHRASE.clone());

        // The import succeeds and starts an agent, but the expected key is not there: fails halfway.
        FlatpakException halfway = assertThrows(FlatpakException.class,
                () -> GpgHome.open(key.unprotectedSecretRing(), other.keyId(), ScratchGpg.RUNNER, work));
        assertTrue(halfway.getMessage().contains("did not accept the secret signing key " + other.keyId()),
                halfway.getMessage());
        assertNothingLeftIn(work);

        // gpg refuses the data outright.
        FlatpakException refused = assertThrows(FlatpakException.class, () -> GpgHome.open(
                "not a key".getBytes(StandardCharsets.US_ASCII), key.keyId(), ScratchGpg.RUNNER, work));
        assertTrue(refused.getMessage().contains("gpg failed"), refused.getMessage());
        assertNothingLeftIn(work);
    }

    @Test
    void aDestroyedKeyCannotBeImported() throws Exception {
        SigningKey key = SigningKey.parse(plain.armoredSecretKey(), null);
        key.destroy();
        assertThrows(IllegalStateException.class, () -> GpgHome.open(key, ScratchGpg.RUNNER, work));
        assertNothingLeftIn(work);
    }

    @Test
    void aParentTooLongForAgentSocketsFallsBackToTmp() throws Exception {
        Path deep = Files.createDirectories(work.resolve("a-rather-long-directory-name/that-goes-on-and-on/and-on"));
        SigningKey key = SigningKey.parse(plain.armoredSecretKey(), null);
        try (GpgHome home = GpgHome.open(key, ScratchGpg.RUNNER, deep)) {
            assertEquals(Paths.get("/tmp"), home.homedir().getParent());
            signedFile(home, "sockets fit\n");
        }
        assertNothingLeftIn(deep);
    }

    @Test
    void addsTheSignOptionsOstreeAndFlatpakTake() throws Exception {
        SigningKey key = SigningKey.parse(plain.armoredSecretKey(), null);
        try (GpgHome home = GpgHome.open(key, ScratchGpg.RUNNER, work)) {
            Command c = Command.of("flatpak", "build-update-repo");
            home.addSignOptions(c);
            assertEquals(List.of("flatpak", "build-update-repo", "--gpg-sign=" + key.keyId(),
                    "--gpg-homedir=" + home.homedir()), c.args());
            assertEquals(home.homedir().toString(), home.environment().get("GNUPGHOME"));
        }
    }

    /** Signs a new file with the home's key id as ostree passes it: without '!', so gpg picks the subkey itself. */
    private Path signedFile(GpgHome home, String content) throws IOException {
        Path file = Files.createTempFile(work, "data-", ".txt");
        Files.writeString(file, content);
        ScratchGpg.RUNNER.run(Command.of("gpg", "--batch", "--no-tty", "--pinentry-mode=error")
                .option("--homedir", home.homedir().toString())
                .option("--local-user", home.keyId())
                .option("--output", file + ".sig").arg("--detach-sign").endOfOptions().arg(file.toString()),
                ScratchGpg.TIMEOUT, OutputSink.DISCARD, null);
        return file;
    }

    /** gpg --verify in a home that holds only the public key; returns the status lines. */
    private static List<String> verify(SigningKey key, Path file, boolean expectGood) throws IOException {
        try (ScratchGpg verifier = new ScratchGpg()) {
            verifier.importKey(key.publicKeyArmored().getBytes(StandardCharsets.US_ASCII));
            assertTrue(verifier.capture(verifier.gpg("--with-colons", "--list-secret-keys")).isEmpty(),
                    "the verifier must not hold a secret key");
            List<String> stderr = new ArrayList<>();
            ToolResult r = verifier.captureAny(verifier.gpg("--status-fd=1", "--verify", file + ".sig", file.toString()),
                    stderr);
            assertEquals(expectGood, r.exitCode() == 0, r.output() + "\n" + stderr);
            return r.output();
        }
    }

    private static List<String> agentsOf(Path home) throws IOException {
        return ScratchGpg.processesMentioning(home.toAbsolutePath().toString()).stream()
                .filter(p -> p.contains("gpg-agent")).collect(Collectors.toList());
    }

    private static void assertNothingLeftIn(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            assertEquals(List.of(), entries.filter(p -> p.getFileName().toString().startsWith(GpgHome.PREFIX))
                    .collect(Collectors.toList()));
        }
        assertEquals(List.of(), agentsOf(dir));
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
