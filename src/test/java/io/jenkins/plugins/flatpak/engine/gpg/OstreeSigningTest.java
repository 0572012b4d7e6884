package io.jenkins.plugins.flatpak.engine.gpg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ostree signs commits with a {@link GpgHome}; a client that trusts only the public key accepts them. */
class OstreeSigningTest {
    private static final char[] PASSPHRASE = "ostree signing passphrase".toCharArray();

    @TempDir
    Path work;

    @Test
    void ostreeSignsACommitThatVerifiesWithThePublicKeyOnly() throws Exception {
        KeyGenerator.GeneratedKey generated = KeyGenerator.builder("OSTree Test <ostree@example.org>").rsaBits(2048)
                .passphrase(PASSPHRASE).primaryMaySign(false).signingSubkey(true).generate();
        SigningKey key = SigningKey.parse(generated.armoredSecretKey(), PASSPHRASE.clone());
        Path repo = work.resolve("repo");
        run(Command.of("ostree", "init").option("--repo", repo.toString()).option("--mode", "archive-z2"));
        Path tree = Files.createDirectories(work.resolve("tree/files"));
        Files.writeString(tree.resolve("hello.txt"), "hello\n");

        try (GpgHome home = GpgHome.open(key, ScratchGpg.RUNNER)) {
            Command commit = Command.of("ostree", "commit").option("--repo", repo.toString())
                    .option("--branch", "app/org.example.Hello/x86_64/stable").option("--subject", "signed")
                    .option("--tree", "dir=" + work.resolve("tree"));
            home.addSignOptions(commit);
            run(commit);
        }

        // ostree reads *.gpg keyring files from the directory given as --gpg-homedir when verifying.
        Path keyring = Files.createDirectories(work.resolve("keyring"));
        Files.write(keyring.resolve("repo.gpg"), key.publicKeyBinary());
        List<String> shown = capture(Command.of("ostree", "show").option("--repo", repo.toString())
                .option("--gpg-homedir", keyring.toString()).arg("app/org.example.Hello/x86_64/stable"));
        String text = String.join("\n", shown);
        assertTrue(text.contains("Found 1 signature"), text);
        assertTrue(text.contains("key ID " + key.keyId()), text);
        assertTrue(text.contains("Good signature from \"OSTree Test <ostree@example.org>\""), text);

        // A client pulling with gpg-verify on accepts the commit with this key, armored or binary...
        Path armored = work.resolve("key.asc");
        Files.writeString(armored, key.publicKeyArmored());
        Path binary = work.resolve("key.gpg");
        Files.write(binary, key.publicKeyBinary());
        for (Path publicKey : List.of(armored, binary)) {
            Path client = work.resolve("client-" + publicKey.getFileName());
            run(Command.of("ostree", "init").option("--repo", client.toString()).option("--mode", "bare-user"));
            run(Command.of("ostree", "remote", "add").option("--repo", client.toString())
                    .option("--gpg-import", publicKey.toString()).arg("origin").arg("file://" + repo));
            run(Command.of("ostree", "pull").option("--repo", client.toString())
                    .arg("origin").arg("app/org.example.Hello/x86_64/stable"));
            String pulled = String.join("\n", capture(Command.of("ostree", "refs").option("--repo", client.toString())));
            assertTrue(pulled.contains("origin:app/org.example.Hello/x86_64/stable"), pulled);
        }

        // ...and refuses it with another key.
        Path other = work.resolve("other.gpg");
        Files.write(other, SigningKey.parse(KeyGenerator.builder("Someone Else <else@example.org>").rsaBits(2048)
                .generate().armoredSecretKey(), null).publicKeyBinary());
        Path stranger = work.resolve("client-stranger");
        run(Command.of("ostree", "init").option("--repo", stranger.toString()).option("--mode", "bare-user"));
        run(Command.of("ostree", "remote", "add").option("--repo", stranger.toString())
                .option("--gpg-import", other.toString()).arg("origin").arg("file://" + repo));
        ToolFailedException refused = assertThrows(ToolFailedException.class, () -> run(Command.of("ostree", "pull")
                .option("--repo", stranger.toString()).arg("origin").arg("app/org.example.Hello/x86_64/stable")));
        String why = String.join("\n", refused.tail());
        assertTrue(why.contains("key ID " + key.keyId()) && why.contains("public key not found"), why);
    }

    @Test
    void ostreeGpgSignAddsASignatureToAnExistingCommit() throws Exception {
        SigningKey key = SigningKey.parse(KeyGenerator.builder("Late Signer <late@example.org>").rsaBits(2048)
                .generate().armoredSecretKey(), null);
        Path repo = work.resolve("repo");
        run(Command.of("ostree", "init").option("--repo", repo.toString()).option("--mode", "archive-z2"));
        Files.createDirectories(work.resolve("tree"));
        Files.writeString(work.resolve("tree/a"), "a\n");
        String checksum = capture(Command.of("ostree", "commit").option("--repo", repo.toString())
                .option("--branch", "unsigned").option("--tree", "dir=" + work.resolve("tree"))).get(0);
        Path keyring = Files.createDirectories(work.resolve("keyring"));
        Files.write(keyring.resolve("repo.gpg"), key.publicKeyBinary());
        String before = show(repo, keyring);
        assertFalse(before.contains("Good signature"), before);

        try (GpgHome home = GpgHome.open(key, ScratchGpg.RUNNER)) {
            run(Command.of("ostree", "gpg-sign").option("--repo", repo.toString())
                    .option("--gpg-homedir", home.homedir().toString()).arg(checksum).arg(home.keyId()));
        }

        String after = show(repo, keyring);
        assertTrue(after.contains("Good signature from \"Late Signer <late@example.org>\""), after);
        assertEquals(1, after.split("Good signature", -1).length - 1, after);
    }

    private String show(Path repo, Path keyring) {
        return String.join("\n", capture(Command.of("ostree", "show").option("--repo", repo.toString())
                .option("--gpg-homedir", keyring.toString()).arg("unsigned")));
    }

    private static void run(Command c) {
        ScratchGpg.RUNNER.run(c, ScratchGpg.TIMEOUT, OutputSink.DISCARD, null);
    }

    private static List<String> capture(Command c) {
        return ScratchGpg.RUNNER.capture(c, ScratchGpg.TIMEOUT, OutputSink.DISCARD, null).output();
    }
}
