package io.jenkins.plugins.flatpak.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.build.BuildSpec;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.ToolFailedException;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.gpg.KeyGenerator;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import io.jenkins.plugins.flatpak.engine.publish.PublishTarget;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.engine.repo.OstreeRepo;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import io.jenkins.plugins.flatpak.testing.SignedRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each sample builds, commits and publishes through the engine into a signed repository that a client can use. */
class EngineLifecycleTest {
    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();
    private static byte[] armoredKey;
    private static SigningKey key;

    @BeforeAll
    static void key() {
        armoredKey = KeyGenerator.generateArmoredSecretKey("Lifecycle Test <lifecycle@example.org>", PASSPHRASE);
        key = SigningKey.parse(armoredKey, PASSPHRASE);
    }

    static Engine engine(ToolRunner runner) {
        Path home = FlatpakTestEnv.tempDir("engine-home");
        return new Engine(EngineConfig.inHome(home, runner));
    }

    @ParameterizedTest
    @CsvSource({
        "hello-yaml, org.example.Hello.yml, org.example.Hello, Hello from org.example.Hello",
        "greeter-json, org.example.Greeter.json, org.example.Greeter, Greetings from org.example.Greeter",
        "polyglot-locale, org.example.Polyglot.yml, org.example.Polyglot, Polyglot says hello"})
    void sampleBuildsCommitsPublishesInstallsAndRuns(String sample, String manifest, String appId, String says)
            throws Exception {
        ToolRunner runner = FlatpakTestEnv.isolatedRunner();
        Engine engine = engine(runner);
        String arch = FlatpakTestEnv.arch();

        BuildRecord built = engine.build(BuildSpec.fromDirectory(FlatpakTestEnv.sampleCopy(sample).toString(), manifest)
                .withBranch("stable"), FlatpakTestEnv.LOG, Cancellation.none());
        assertEquals(BuildStatus.BUILT, built.getStatus());
        assertEquals(appId, built.getAppId());
        String appRef = "app/" + appId + "/" + arch + "/stable";
        assertTrue(built.getRefs().containsKey(appRef), built.getRefs().toString());
        OstreeRepo buildRepo = engine.buildRepository().repo();
        assertEquals(built.getRefs().get(appRef), buildRepo.revParse(appRef, null));
        if (sample.equals("polyglot-locale")) {
            assertTrue(built.getRefs().containsKey("runtime/" + appId + ".Locale/" + arch + "/stable"),
                    built.getRefs().toString());
        }

        BuildRecord committed = engine.commit(built.getId(), FlatpakTestEnv.LOG, Cancellation.none());
        assertEquals(BuildStatus.COMMITTED, committed.getStatus());

        Path repo = FlatpakTestEnv.tempDir("target").resolve("stable");
        PublishTarget target = PublishTarget.simple("stable", repo);
        BuildRecord published = engine.publish(built.getId(), target, key, FlatpakTestEnv.LOG, Cancellation.none());
        assertEquals(BuildStatus.PUBLISHED, published.getStatus());
        assertEquals(built.getRefs().keySet(), published.getPublished().keySet());
        assertNotNull(published.getPublishedAt());
        OstreeRepo targetRepo = new OstreeRepo(repo, runner);
        assertEquals(List.of(), targetRepo.fsck(null));
        for (Map.Entry<String, String> e : published.getPublished().entrySet()) {
            assertEquals(e.getValue(), targetRepo.revParse(e.getKey(), null));
        }
        List<String> summaryRefs = SignedRepo.verifiedSummaryRefs(repo, key.publicKeyBinary());
        assertTrue(summaryRefs.containsAll(published.getPublished().keySet()), summaryRefs.toString());
        SignedRepo.verifiedPull(repo, key.publicKeyBinary(), appRef);

        // A user adds the repository from its .flatpakrepo (GPG verification on), installs and runs the app.
        assertTrue(Files.readString(target.flatpakrepoFile()).contains("GPGKey=" + key.publicKeyBase64()));
        runner.run(Command.of("flatpak", "--user", "remote-add", "--from").endOfOptions().arg("published")
                .arg(target.flatpakrepoFile().toString()),
                FlatpakTestEnv.TOOL_TIMEOUT, FlatpakTestEnv.LOG, null);
        runner.run(Command.of("flatpak", "--user", "install", "--noninteractive", "-y").endOfOptions()
                .arg("published").arg(appRef), FlatpakTestEnv.TOOL_TIMEOUT, FlatpakTestEnv.LOG, null);
        List<String> output = runner.capture(Command.of("flatpak", "run", "--user").option("--branch", "stable")
                .endOfOptions().arg(appId), FlatpakTestEnv.TOOL_TIMEOUT, FlatpakTestEnv.LOG, null).output();
        assertTrue(output.stream().anyMatch(l -> l.contains(says)), output.toString());
    }

    @Test
    void summaryCheckFailsWithAnotherKey() throws Exception {
        Engine engine = engine(FlatpakTestEnv.runner());
        BuildRecord built = engine.build(BuildSpec.fromDirectory(FlatpakTestEnv.sampleCopy("hello-yaml").toString(),
                "org.example.Hello.yml"), FlatpakTestEnv.LOG, Cancellation.none());
        engine.commit(built.getId(), FlatpakTestEnv.LOG, Cancellation.none());
        Path repo = FlatpakTestEnv.tempDir("target").resolve("beta");
        engine.publish(built.getId(), PublishTarget.simple("beta", repo), key, FlatpakTestEnv.LOG, Cancellation.none());
        byte[] other = KeyGenerator.builder("Other <other@example.org>").generate().armoredSecretKey();
        try (SigningKey otherKey = SigningKey.parse(other, null)) {
            ToolFailedException e = assertThrows(ToolFailedException.class,
                    () -> SignedRepo.verifiedSummaryRefs(repo, otherKey.publicKeyBinary()));
            assertTrue(String.join("\n", e.tail()).contains("public key not found"), "fails on the signature: " + e.tail());
        }
    }

    @Test
    void gitBuildRecordsTheSourceCommit() {
        Path git = FlatpakTestEnv.gitSample("greeter-json");
        String head = FlatpakTestEnv.runner().capture(Command.of("git", "-C", git.toString(), "rev-parse", "HEAD"),
                FlatpakTestEnv.TOOL_TIMEOUT, FlatpakTestEnv.LOG, null).output().get(0);
        Engine engine = engine(FlatpakTestEnv.runner());
        BuildRecord built = engine.build(BuildSpec.fromGit(git.toUri().toString(), "main", "org.example.Greeter.json"),
                FlatpakTestEnv.LOG, Cancellation.none());
        assertEquals(BuildStatus.BUILT, built.getStatus());
        assertEquals(head, built.getSourceCommit());
        String appRef = built.appRef();
        List<String> log = FlatpakTestEnv.runner().capture(engine.buildRepository().repo().ostree("log")
                .endOfOptions().arg(appRef), FlatpakTestEnv.TOOL_TIMEOUT, FlatpakTestEnv.LOG, null).output();
        assertTrue(log.stream().anyMatch(l -> l.contains(head)), "commit subject names the source commit: " + log);
    }
}
