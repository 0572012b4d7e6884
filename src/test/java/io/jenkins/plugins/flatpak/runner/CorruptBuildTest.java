package io.jenkins.plugins.flatpak.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.repo.OstreeRepo;
import io.jenkins.plugins.flatpak.engine.transfer.ObjectNames;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import io.jenkins.plugins.flatpak.testing.SignedRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An object damaged in the build-repo after import fails the commit, naming the object, and nothing of that build
 * reaches the target repository: it stays byte for byte as it was, consistent, with the same signed summary. Damage
 * after the commit fails the publish the same way.
 */
class CorruptBuildTest {

    @Test
    void aCorruptedObjectFailsCommitAndTheTargetStaysUnchanged() throws Exception {
        RunnerFixture f = new RunnerFixture("corrupt");
        RunnerFixture.Key key = f.key("corrupt");
        String appId = "org.example.Damaged";
        String ref = RunnerFixture.appRef(appId);
        Path repos = f.home.resolve("repos");
        Path repo = repos.resolve("stable");
        String good = f.buildAndCommit(appId, "good");
        assertEquals(0, f.run("publish", good, "--repo", repo.toString(), "--gpg-key", key.path()).status());
        String publishedCommit = f.show(good).get("published").get(ref).asText();
        Map<String, String> before = RunnerFixture.snapshot(repos, false);

        // A new build, imported (every object verified on the way in), then one of its file objects is damaged.
        String damaged = f.build(appId, "damaged");
        String commit = f.show(damaged).get("refs").get(ref).asText();
        Path file = objectFile(f, commit);
        String object = file.getParent().getFileName() + file.getFileName().toString();
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 6] ^= 0x10;
        Files.write(file, bytes);
        assertNotEquals(List.of(), new OstreeRepo(f.buildRepo, FlatpakTestEnv.runner()).fsck(null),
                "ostree fsck sees the damage too");

        RunnerInProcess.Result commitResult = f.run("commit", damaged);
        assertEquals(1, commitResult.status(), commitResult.err());
        assertTrue(commitResult.err().contains("object " + object) && commitResult.err().contains("corrupt"),
                "names the damaged object: " + commitResult.err());
        JsonNode record = f.show(damaged);
        assertEquals("failed", record.get("status").asText());
        assertTrue(record.get("error").asText().contains(object), record.get("error").asText());

        RunnerInProcess.Result publish = f.run("publish", damaged, "--repo", repo.toString(), "--gpg-key", key.path());
        assertEquals(2, publish.status(), publish.err());
        assertEquals(before, RunnerFixture.snapshot(repos, false), "nothing reached the target repository");
        OstreeRepo target = new OstreeRepo(repo, FlatpakTestEnv.runner());
        assertEquals(List.of(), target.fsck(null));
        assertEquals(publishedCommit, target.revParse(ref, null));
        assertTrue(SignedRepo.verifiedSummaryRefs(repo, key.publicKey()).contains(ref));
        SignedRepo.verifiedPull(repo, key.publicKey(), ref);

        // Damage after the commit is found by the publish, which checks the objects again before copying them.
        String late = f.buildAndCommit(appId, "damaged later");
        Path lateFile = objectFile(f, f.show(late).get("refs").get(ref).asText());
        byte[] lateBytes = Files.readAllBytes(lateFile);
        lateBytes[lateBytes.length - 6] ^= 0x10;
        Files.write(lateFile, lateBytes);
        RunnerInProcess.Result latePublish = f.run("publish", late, "--repo", repo.toString(), "--gpg-key", key.path());
        assertEquals(1, latePublish.status(), latePublish.err());
        assertTrue(latePublish.err().contains(lateFile.getParent().getFileName() + lateFile.getFileName().toString())
                && latePublish.err().contains("corrupt"), latePublish.err());
        assertEquals("failed", f.show(late).get("status").asText());
        assertEquals(List.of(), target.fsck(null));
        assertEquals(publishedCommit, target.revParse(ref, null));
        assertTrue(SignedRepo.verifiedSummaryRefs(repo, key.publicKey()).contains(ref));
    }

    /** The object file of {@code /files/bin/hello} in a commit of the build-repo. */
    private static Path objectFile(RunnerFixture f, String commit) {
        String line = FlatpakTestEnv.runner().capture(Command.of("ostree", "ls", "-C").option("--repo", f.buildRepo.toString())
                .positional(commit).positional("/files/bin/hello"), FlatpakTestEnv.TOOL_TIMEOUT, OutputSink.DISCARD, null)
                .output().get(0).trim();
        Path file = f.buildRepo.resolve(ObjectNames.relativePath(line.split("\\s+")[4] + ".filez"));
        file.toFile().setWritable(true);
        return file;
    }
}
