package io.jenkins.plugins.flatpak.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.build.BuildSpec;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.gpg.KeyGenerator;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import io.jenkins.plugins.flatpak.engine.publish.PublishTarget;
import io.jenkins.plugins.flatpak.engine.publish.SummaryQueue;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.engine.repo.OstreeRepo;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import io.jenkins.plugins.flatpak.testing.SignedRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Ten publishes of distinct apps into one repository from ten threads: all land, in few summary updates. */
class ConcurrentPublishTest {
    static final int N = 10;

    /** A copy of the hello sample whose app id is {@code appId}. */
    static Path helloAs(String appId) throws Exception {
        Path dir = FlatpakTestEnv.sampleCopy("hello-yaml");
        Path manifest = dir.resolve("org.example.Hello.yml");
        Files.writeString(dir.resolve(appId + ".yml"), Files.readString(manifest)
                .replace("org.example.Hello", appId));
        Files.delete(manifest);
        return dir;
    }

    @Test
    void tenThreadsPublishIntoOneRepository() throws Exception {
        Engine engine = EngineLifecycleTest.engine(FlatpakTestEnv.runner());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            String appId = "org.example.Concurrent" + i;
            BuildRecord built = engine.build(BuildSpec.fromDirectory(helloAs(appId).toString(), appId + ".yml"),
                    FlatpakTestEnv.LOG, Cancellation.none());
            engine.commit(built.getId(), FlatpakTestEnv.LOG, Cancellation.none());
            ids.add(built.getId());
        }
        Path repo = FlatpakTestEnv.tempDir("concurrent").resolve("stable");
        PublishTarget target = PublishTarget.simple("stable", repo);
        byte[] armored = KeyGenerator.generateArmoredSecretKey("Concurrent <c@example.org>", null);
        try (SigningKey key = SigningKey.parse(armored, null)) {
            ExecutorService pool = Executors.newFixedThreadPool(N);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<BuildRecord>> results = new ArrayList<>();
            for (String id : ids) {
                results.add(pool.submit(() -> {
                    start.await();
                    return engine.publish(id, target, key, line -> { }, Cancellation.none());
                }));
            }
            long t0 = System.nanoTime();
            start.countDown();
            List<String> refs = new ArrayList<>();
            for (Future<BuildRecord> f : results) {
                BuildRecord r = f.get();
                assertEquals(BuildStatus.PUBLISHED, r.getStatus());
                refs.addAll(r.getPublished().keySet());
            }
            pool.shutdown();
            long updates = SummaryQueue.of(repo).updatesRun();
            System.out.printf("%d concurrent publishes: %d ms, %d summary updates%n", N,
                    (System.nanoTime() - t0) / 1_000_000, updates);
            assertTrue(updates < N / 2, "summary updates were coalesced: " + updates);
            assertEquals(N, refs.size());
            assertEquals(List.of(), new OstreeRepo(repo, FlatpakTestEnv.runner()).fsck(null));
            List<String> summary = SignedRepo.verifiedSummaryRefs(repo, key.publicKeyBinary());
            assertTrue(summary.containsAll(refs), "signed summary lists every published ref: " + summary);
        }
    }
}
