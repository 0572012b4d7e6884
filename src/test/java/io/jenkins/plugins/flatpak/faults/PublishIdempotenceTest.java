package io.jenkins.plugins.flatpak.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.Engine;
import io.jenkins.plugins.flatpak.engine.EngineConfig;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.gpg.KeyGenerator;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import io.jenkins.plugins.flatpak.engine.lock.ProcessOwner;
import io.jenkins.plugins.flatpak.engine.publish.PublishTarget;
import io.jenkins.plugins.flatpak.engine.publish.Publisher;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A publish that landed but was not recorded (the process died right after copying the commits and updating
 * the summary) is recovered as failed and published again without a second commit; publishing a published
 * build again changes nothing; and another build with identical content publishes no new commit either.
 */
class PublishIdempotenceTest {
    @Test
    void retryingAPublishThatLandedMakesNoSecondCommit() throws Exception {
        Engine engine = new Engine(EngineConfig.inHome(FlatpakTestEnv.tempDir("idempotent"), FlatpakTestEnv.runner()));
        Path repo = FlatpakTestEnv.tempDir("idempotent-repo").resolve("stable");
        PublishTarget target = PublishTarget.simple("stable", repo);
        String app = "org.example.faults.Idempotent";
        String ref = "app/" + app + "/" + FlatpakTestEnv.arch() + "/stable";
        try (SigningKey key = SigningKey.parse(KeyGenerator.generateArmoredSecretKey("Idem <idem@example.org>", null),
                null)) {
            String id = DerivedApps.commit(engine, DerivedApps.export(app, "stable", app + " one content"));
            BuildRecord committed = engine.records().get(id);

            // What the dead process did: the commits are in the repository and in its signed summary...
            Map<String, String> landed = new Publisher(FlatpakTestEnv.runner()).publish(engine.config().buildRepo(),
                    committed.getRefs(), target, key, FlatpakTestEnv.LOG, Cancellation.none());
            // ...but its record still said publishing when it died.
            Process gone = new ProcessBuilder("true").start();
            gone.waitFor();
            engine.records().transition(id, BuildStatus.PUBLISHING, r -> {
                r.setOwner(gone.pid() + "@" + ProcessOwner.current().host());
                r.setTargetRepo(target.name());
            });
            assertEquals(List.of(id), engine.recoverInterrupted().stream().map(BuildRecord::getId).toList());
            assertEquals(BuildStatus.FAILED, engine.records().get(id).getStatus());

            BuildRecord retried = engine.publish(id, target, key, FlatpakTestEnv.LOG, Cancellation.none());
            assertEquals(BuildStatus.PUBLISHED, retried.getStatus());
            assertEquals(landed, retried.getPublished(), "the retry records the commit that had landed");
            assertEquals(List.of(landed.get(ref)), RepoCheck.history(repo, ref), "no second commit");

            BuildRecord again = engine.publish(id, target, key, FlatpakTestEnv.LOG, Cancellation.none());
            assertEquals(retried.getPublishedAt(), again.getPublishedAt(), "publishing a published build changes nothing");

            String twin = DerivedApps.commit(engine, DerivedApps.export(app, "stable", app + " one content"));
            BuildRecord twinPublished = engine.publish(twin, target, key, FlatpakTestEnv.LOG, Cancellation.none());
            assertEquals(landed.get(ref), twinPublished.getPublished().get(ref), "identical content: the same commit");
            List<String> history = RepoCheck.history(repo, ref);
            System.out.printf("idempotent publish: 4 publishes of one content (landed, retried, repeated, twin), "
                    + "%d commit(s)%n", history.size());
            assertEquals(1, history.size(), history.toString());
            RepoCheck check = RepoCheck.of(repo, key.publicKeyBinary());
            assertTrue(check.consistent(), check.toString());
        }
    }
}
