package io.jenkins.plugins.flatpak.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.ToolFailedException;
import io.jenkins.plugins.flatpak.engine.gpg.PublicKeyRings;
import io.jenkins.plugins.flatpak.engine.publish.PublishTarget;
import io.jenkins.plugins.flatpak.engine.publish.Publisher;
import io.jenkins.plugins.flatpak.engine.publish.RepositorySettings;
import io.jenkins.plugins.flatpak.engine.repo.KeyFiles;
import io.jenkins.plugins.flatpak.engine.repo.OstreeRepo;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import io.jenkins.plugins.flatpak.testing.SignedRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * A signed repository is only ever signed by its key: a publish without it or with another key is refused before
 * anything changes, and the repository still verifies; changing keys is an explicit rotation that clients holding
 * only the old key follow.
 */
class SignedRepositoryTest {

    @Test
    void aPublishWithoutTheKeyOrWithAnotherKeyIsRefusedAndTheRepositoryStillVerifies() throws Exception {
        RunnerFixture f = new RunnerFixture("signed-refusal");
        RunnerFixture.Key a = f.key("alpha");
        RunnerFixture.Key b = f.key("beta");
        String appId = "org.example.Signed";
        Path repos = f.home.resolve("repos");
        Path repo = repos.resolve("stable");
        String first = f.buildAndCommit(appId, "first");
        assertEquals(0, f.run("publish", first, "--repo", repo.toString(), "--gpg-key", a.path()).status());
        Map<String, String> before = RunnerFixture.snapshot(repos, true);

        String second = f.buildAndCommit(appId, "second");
        RunnerInProcess.Result unsigned = f.run("publish", second, "--repo", repo.toString());
        assertEquals(2, unsigned.status(), unsigned.err());
        assertTrue(unsigned.err().contains("repository stable (" + repo + ")") && unsigned.err().contains(a.fingerprint()),
                "names the repository and the key it expects: " + unsigned.err());
        RunnerInProcess.Result other = f.run("publish", second, "--repo", repo.toString(), "--gpg-key", b.path());
        assertEquals(2, other.status(), other.err());
        assertTrue(other.err().contains("repository stable (" + repo + ")") && other.err().contains(a.fingerprint())
                && other.err().contains(b.fingerprint()), other.err());
        assertEquals(before, RunnerFixture.snapshot(repos, true), "nothing beside or in the repository changed");
        assertEquals("committed", f.show(second).get("status").asText(), "the build can still be published");

        // The publish queue refuses on its own too, under the repository's lock (for a caller that skips the engine).
        Map<String, String> refs = Map.of(RunnerFixture.appRef(appId),
                f.show(second).get("refs").get(RunnerFixture.appRef(appId)).asText());
        Map<String, String> withoutState = RunnerFixture.snapshot(repos, false);
        ExecutionException queued = assertThrows(ExecutionException.class, () -> CompletableFuture.supplyAsync(
                () -> new Publisher(FlatpakTestEnv.runner()).publish(f.buildRepo, refs, PublishTarget.simple("stable", repo),
                        null, FlatpakTestEnv.LOG, Cancellation.none())).get());
        assertTrue(queued.getCause() instanceof InvalidInputException
                && queued.getCause().getMessage().contains(a.fingerprint()), String.valueOf(queued.getCause()));
        assertEquals(withoutState, RunnerFixture.snapshot(repos, false), "the queue wrote nothing either");

        assertEquals(List.of(), new OstreeRepo(repo, FlatpakTestEnv.runner()).fsck(null));
        assertTrue(SignedRepo.verifiedSummaryRefs(repo, a.publicKey()).contains(RunnerFixture.appRef(appId)));
        SignedRepo.verifiedPull(repo, a.publicKey(), RunnerFixture.appRef(appId));

        RunnerInProcess.Result right = f.run("publish", second, "--repo", repo.toString(), "--gpg-key", a.path());
        assertEquals(0, right.status(), right.err());
        assertTrue(SignedRepo.verifiedSummaryRefs(repo, a.publicKey()).contains(RunnerFixture.appRef(appId)));

        // A repository signed before its settings were kept (no [flatpak-pipeline] group) is adopted from its files:
        // its key is the one of stable.gpg, so the same refusals hold.
        OstreeRepo ostree = new OstreeRepo(repo, FlatpakTestEnv.runner());
        ostree.setConfigGroup("flatpak-pipeline", Map.of());
        assertFalse(ostree.config().containsKey("flatpak-pipeline"));
        String third = f.buildAndCommit(appId, "third");
        RunnerInProcess.Result legacy = f.run("publish", third, "--repo", repo.toString());
        assertEquals(2, legacy.status(), legacy.err());
        assertTrue(legacy.err().contains(a.fingerprint()), legacy.err());
        RunnerInProcess.Result adopted = f.run("publish", third, "--repo", repo.toString(), "--gpg-key", a.path());
        assertEquals(0, adopted.status(), adopted.err());
        assertTrue(adopted.err().contains("had no recorded settings; adopted from its files"), adopted.err());
        assertEquals(a.fingerprint(), Publisher.settings(repo).signingKey());
        assertTrue(ostree.config().containsKey("flatpak-pipeline"));
    }

    @Test
    void aClientHoldingOnlyTheOldKeyUpdatesThroughAKeyRotation() throws Exception {
        RunnerFixture f = new RunnerFixture("signed-rotation");
        RunnerFixture.Key old = f.key("old");
        RunnerFixture.Key next = f.key("new");
        String appId = "org.example.Rotated";
        String ref = RunnerFixture.appRef(appId);
        Path repo = f.home.resolve("repos").resolve("stable");
        Path repoFile = repo.resolveSibling("stable.flatpakrepo");

        RunnerInProcess.Result nothing = f.run("rotate-key", "--repo", repo.toString(), "--gpg-key", next.path(),
                "--old-gpg-key", old.path());
        assertEquals(2, nothing.status(), "no repository, no key to rotate: " + nothing.err());
        assertFalse(Files.exists(repo));

        String v1 = f.buildAndCommit(appId, "v1");
        assertEquals(0, f.run("publish", v1, "--repo", repo.toString(), "--gpg-key", old.path()).status());
        RunnerFixture.Client client = RunnerFixture.client("rotation-client");
        client.flatpak("remote-add", "--from", "origin", repoFile.toString());
        client.flatpak("install", "--noninteractive", "-y", "origin", ref);
        assertTrue(client.runApp(appId).contains("v1 from " + appId));
        assertEquals(List.of(old.fingerprint()), PublicKeyRings.fingerprints(Files.readAllBytes(client.trustedKeys("origin"))),
                "the client holds only the old key");

        // Rotation needs the old key (or an explicit --without-old-key).
        assertEquals(2, f.run("rotate-key", "--repo", repo.toString(), "--gpg-key", next.path()).status());
        RunnerInProcess.Result wrongOld = f.run("rotate-key", "--repo", repo.toString(), "--gpg-key", next.path(),
                "--old-gpg-key", next.path());
        assertEquals(2, wrongOld.status());
        RunnerInProcess.Result rotated = f.run("rotate-key", "--repo", repo.toString(), "--gpg-key", next.path(),
                "--old-gpg-key", old.path());
        assertEquals(0, rotated.status(), rotated.err());
        RepositorySettings settings = Publisher.settings(repo);
        assertEquals(next.fingerprint(), settings.signingKey());
        assertEquals(List.of(old.fingerprint()), settings.retiredKeys());
        List<String> offered = List.of(next.fingerprint(), old.fingerprint());
        assertEquals(offered, PublicKeyRings.fingerprints(Files.readAllBytes(repo.resolveSibling("stable.gpg"))));
        String gpgKey = KeyFiles.parse(Files.readString(repoFile, StandardCharsets.UTF_8)).get("Flatpak Repo").get("GPGKey");
        assertEquals(offered, PublicKeyRings.fingerprints(Base64.getDecoder().decode(gpgKey)), "both keys are offered");
        SignedRepo.verifiedSummaryRefs(repo, old.publicKey()); // still verifies with the old key alone
        SignedRepo.verifiedSummaryRefs(repo, next.publicKey()); // and with the new one alone

        // The old key alone may no longer sign; it may co-sign.
        String v2 = f.buildAndCommit(appId, "v2");
        RunnerInProcess.Result retired = f.run("publish", v2, "--repo", repo.toString(), "--gpg-key", old.path());
        assertEquals(2, retired.status());
        assertTrue(retired.err().contains(next.fingerprint()) && retired.err().contains("retired"), retired.err());
        RunnerInProcess.Result coSigned = f.run("publish", v2, "--repo", repo.toString(), "--gpg-key", next.path(),
                "--old-gpg-key", old.path());
        assertEquals(0, coSigned.status(), coSigned.err());
        SignedRepo.verifiedPull(repo, old.publicKey(), ref);
        SignedRepo.verifiedPull(repo, next.publicKey(), ref);

        client.flatpak("update", "--noninteractive", "-y");
        assertTrue(client.runApp(appId).contains("v2 from " + appId), "updated through the rotation");
        assertTrue(PublicKeyRings.fingerprints(Files.readAllBytes(client.trustedKeys("origin"))).contains(next.fingerprint()),
                "the client learnt the new key from the summary it verified with the old one");

        // Signed by the new key alone, the client still updates.
        String v3 = f.buildAndCommit(appId, "v3");
        assertEquals(0, f.run("publish", v3, "--repo", repo.toString(), "--gpg-key", next.path()).status());
        ToolFailedException oldOnly = assertThrows(ToolFailedException.class,
                () -> SignedRepo.verifiedSummaryRefs(repo, old.publicKey()));
        assertFalse(oldOnly.tail().isEmpty());
        client.flatpak("update", "--noninteractive", "-y");
        assertTrue(client.runApp(appId).contains("v3 from " + appId), "updated after the rotation");

        // A new client adds the repository from its .flatpakrepo and installs the latest build.
        RunnerFixture.Client fresh = RunnerFixture.client("rotation-fresh");
        fresh.flatpak("remote-add", "--from", "origin", repoFile.toString());
        fresh.flatpak("install", "--noninteractive", "-y", "origin", ref);
        assertTrue(fresh.runApp(appId).contains("v3 from " + appId));
        assertEquals(List.of(), new OstreeRepo(repo, FlatpakTestEnv.runner()).fsck(null));
    }
}
