package io.jenkins.plugins.flatpak.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.Engine;
import io.jenkins.plugins.flatpak.engine.EngineConfig;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.gpg.KeyGenerator;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import io.jenkins.plugins.flatpak.engine.publish.PublishTarget;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fifty publishes of distinct apps plus ten of one app (ten builds with different content), all at once into
 * one signed repository: from sixty engine threads in one JVM, and from sixty runner processes. Every publish
 * succeeds, every record is truthful (its published commit holds its build's content), the shared ref's
 * history holds each of the ten commits exactly once, and the repository is consistent ({@link RepoCheck}:
 * fsck, signed summary, signed summary index and sub-summaries, all listing the newest commit of every ref).
 */
class ConcurrentPublishFaultsTest {
    static final int DISTINCT = 50;
    static final int SAME = 10;
    static final String SAME_APP = "org.example.faults.Same";

    private static Engine engine;
    private static Path home;
    private static byte[] armoredKey;
    private static SigningKey key;
    private static List<DerivedApps.Export> exports;

    @BeforeAll
    static void setUp() throws Exception {
        home = FlatpakTestEnv.tempDir("concurrent-faults");
        engine = new Engine(EngineConfig.inHome(home, FlatpakTestEnv.runner()));
        armoredKey = KeyGenerator.generateArmoredSecretKey("Concurrent Faults <faults@example.org>", null);
        key = SigningKey.parse(armoredKey, null);
        long t0 = System.nanoTime();
        exports = exportAll();
        System.out.printf("derived %d apps in %d ms%n", exports.size(), (System.nanoTime() - t0) / 1_000_000);
    }

    @AfterAll
    static void tearDown() {
        if (key != null) {
            key.close();
        }
    }

    /** The apps both scenarios publish: fifty distinct ones, then ten versions of {@link #SAME_APP}. */
    private static List<DerivedApps.Export> exportAll() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<DerivedApps.Export>> futures = new ArrayList<>();
            for (int i = 0; i < DISTINCT; i++) {
                String appId = "org.example.faults.App" + i;
                futures.add(pool.submit(() -> DerivedApps.export(appId, "stable", "app " + appId)));
            }
            for (int v = 0; v < SAME; v++) {
                String says = SAME_APP + " version " + v;
                futures.add(pool.submit(() -> DerivedApps.export(SAME_APP, "stable", says)));
            }
            List<DerivedApps.Export> out = new ArrayList<>();
            for (Future<DerivedApps.Export> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A committed build of every export, in the order of {@link #exports}. */
    private static List<String> commitAll() {
        long t0 = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (DerivedApps.Export e : exports) {
            ids.add(DerivedApps.commit(engine, e));
        }
        System.out.printf("recorded, imported and committed %d builds in %d ms%n", ids.size(),
                (System.nanoTime() - t0) / 1_000_000);
        return ids;
    }

    @Test
    void sixtyEngineThreadsPublishIntoOneRepository() throws Exception {
        List<String> ids = commitAll();
        Path repo = FlatpakTestEnv.tempDir("concurrent-threads").resolve("stable");
        PublishTarget target = PublishTarget.simple("stable", repo);
        ExecutorService pool = Executors.newFixedThreadPool(ids.size());
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
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            try {
                results.get(i).get();
            } catch (Exception e) {
                failures.add(ids.get(i) + ": " + e.getCause());
            }
        }
        pool.shutdown();
        System.out.printf("concurrent publishes (engine threads): %d, %d failures, %d ms%n", ids.size(),
                failures.size(), (System.nanoTime() - t0) / 1_000_000);
        assertEquals(List.of(), failures);
        checkOutcome(ids, repo);
    }

    @Test
    void sixtyRunnerProcessesPublishIntoOneRepository() throws Exception {
        List<String> ids = commitAll();
        Path repo = FlatpakTestEnv.tempDir("concurrent-processes").resolve("stable");
        Path keyFile = home.resolve("key.asc");
        Files.write(keyFile, armoredKey);
        Path tmp = FlatpakTestEnv.tempDir("gpg");
        long t0 = System.nanoTime();
        List<RunnerProcess> runners = new ArrayList<>();
        for (String id : ids) {
            runners.add(RunnerProcess.start(home, tmp, "publish", id, "--repo", repo.toString(), "--repo-name",
                    "stable", "--gpg-key", keyFile.toString()));
        }
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < runners.size(); i++) {
            RunnerProcess r = runners.get(i);
            int status = r.waitFor(Duration.ofMinutes(10));
            if (status != 0 || !r.lastLine().equals(ids.get(i) + " published")) {
                failures.add(ids.get(i) + ": exit " + status + ": " + r.err());
            }
        }
        System.out.printf("concurrent publishes (runner processes, %s): %d, %d failures, %d ms%n",
                RunnerProcess.launcher(), ids.size(), failures.size(), (System.nanoTime() - t0) / 1_000_000);
        assertEquals(List.of(), failures);
        try (var left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList(), "no GnuPG home is left behind");
        }
        checkOutcome(ids, repo);
    }

    /** Every record published and truthful, the shared ref's history complete, the repository consistent. */
    private static void checkOutcome(List<String> ids, Path repo) {
        RepoCheck check = RepoCheck.of(repo, key.publicKeyBinary());
        assertTrue(check.consistent(), check.toString());
        String sameRef = "app/" + SAME_APP + "/" + FlatpakTestEnv.arch() + "/stable";
        Set<String> sameCommits = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            BuildRecord r = engine.records().get(ids.get(i));
            DerivedApps.Export e = exports.get(i);
            assertEquals(BuildStatus.PUBLISHED, r.getStatus(), r.getId() + ": " + r.getError());
            String commit = r.getPublished().get(e.ref());
            assertTrue(commit != null, r.getId() + " records no commit for " + e.ref() + ": " + r.getPublished());
            String says = RepoCheck.cat(repo, commit, "/files/bin/" + DerivedApps.COMMAND);
            assertTrue(says.contains(e.ref().equals(sameRef) ? SAME_APP + " version " + (i - DISTINCT) : "app " + e.appId()),
                    r.getId() + " published " + commit + ", which says " + says);
            if (e.ref().equals(sameRef)) {
                sameCommits.add(commit);
            } else {
                assertEquals(commit, check.refs.get(e.ref()), e.ref() + " is at the commit its build published");
            }
        }
        List<String> history = RepoCheck.history(repo, sameRef);
        assertEquals(SAME, sameCommits.size(), "ten builds of one app made ten commits");
        assertEquals(SAME, history.size(), "the shared ref's history has each build once: " + history);
        assertEquals(sameCommits, new HashSet<>(history));
        assertEquals(history.get(0), check.summary.get(sameRef), "the signed summary lists the newest commit");
        long appRefs = check.refs.keySet().stream().filter(r -> r.startsWith("app/")).count();
        assertEquals(DISTINCT + 1, appRefs, check.refs.keySet().toString());
        IntStream.range(0, DISTINCT).forEach(i -> assertEquals(check.refs.get(exports.get(i).ref()),
                check.indexed.get(exports.get(i).ref())));
    }
}
