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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fifty publishes of distinct apps plus ten of one app (ten builds with different content), all at once into
 * one signed repository: from sixty engine threads in one JVM, and from separate runner processes (sixty with
 * {@code -Pfaults}, i.e. system property {@code flatpak.faults.full=true}; fifteen in the default suite, ten
 * distinct and five of the one app, to keep it quick). Every publish succeeds, every record is truthful (its
 * published commit holds its build's content), the shared ref's history holds each of its commits exactly once,
 * and the repository is consistent ({@link RepoCheck}: fsck, signed summary, signed summary index and
 * sub-summaries, all listing the newest commit of every ref).
 */
class ConcurrentPublishFaultsTest {
    static final int DISTINCT = 50;
    static final int SAME = 10;
    static final boolean FULL = Boolean.getBoolean("flatpak.faults.full");
    static final int PROCESS_DISTINCT = FULL ? DISTINCT : 10;
    static final int PROCESS_SAME = FULL ? SAME : 5;
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

    /** The exports a scenario publishes: the first {@code distinct} distinct apps, then {@code same} versions. */
    private static List<DerivedApps.Export> scenario(int distinct, int same) {
        List<DerivedApps.Export> out = new ArrayList<>(exports.subList(0, distinct));
        out.addAll(exports.subList(DISTINCT, DISTINCT + same));
        return out;
    }

    /** A committed build of every export, in order; three at a time (the imports themselves take turns). */
    private static List<String> commitAll(List<DerivedApps.Export> apps) throws Exception {
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (DerivedApps.Export e : apps) {
                futures.add(pool.submit(() -> DerivedApps.commit(engine, e)));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : futures) {
                ids.add(f.get());
            }
            System.out.printf("recorded, imported and committed %d builds in %d ms%n", ids.size(),
                    (System.nanoTime() - t0) / 1_000_000);
            return ids;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void sixtyEngineThreadsPublishIntoOneRepository() throws Exception {
        List<DerivedApps.Export> apps = scenario(DISTINCT, SAME);
        List<String> ids = commitAll(apps);
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
        checkOutcome(apps, ids, repo, SAME);
    }

    @Test
    void runnerProcessesPublishIntoOneRepository() throws Exception {
        List<DerivedApps.Export> apps = scenario(PROCESS_DISTINCT, PROCESS_SAME);
        List<String> ids = commitAll(apps);
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
        checkOutcome(apps, ids, repo, PROCESS_SAME);
    }

    /** Every record published and truthful, the shared ref's history complete, the repository consistent. */
    private static void checkOutcome(List<DerivedApps.Export> apps, List<String> ids, Path repo, int same) {
        RepoCheck check = RepoCheck.of(repo, key.publicKeyBinary());
        assertTrue(check.consistent(), check.toString());
        String sameRef = "app/" + SAME_APP + "/" + FlatpakTestEnv.arch() + "/stable";
        Set<String> sameCommits = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            BuildRecord r = engine.records().get(ids.get(i));
            DerivedApps.Export e = apps.get(i);
            assertEquals(BuildStatus.PUBLISHED, r.getStatus(), r.getId() + ": " + r.getError());
            String commit = r.getPublished().get(e.ref());
            assertTrue(commit != null, r.getId() + " records no commit for " + e.ref() + ": " + r.getPublished());
            String says = RepoCheck.cat(repo, commit, "/files/bin/" + DerivedApps.COMMAND);
            assertTrue(says.contains("'" + e.says() + "'"), r.getId() + " published " + commit + ", which says " + says);
            if (e.ref().equals(sameRef)) {
                sameCommits.add(commit);
            } else {
                assertEquals(commit, check.refs.get(e.ref()), e.ref() + " is at the commit its build published");
                assertEquals(commit, check.indexed.get(e.ref()), e.ref() + " in the indexed sub-summary");
            }
        }
        List<String> history = RepoCheck.history(repo, sameRef);
        assertEquals(same, sameCommits.size(), "each build of the one app made its own commit");
        assertEquals(same, history.size(), "the shared ref's history has each build once: " + history);
        assertEquals(sameCommits, new HashSet<>(history));
        assertEquals(history.get(0), check.summary.get(sameRef), "the signed summary lists the newest commit");
        long appRefs = check.refs.keySet().stream().filter(r -> r.startsWith("app/")).count();
        assertEquals(ids.size() - same + 1, appRefs, check.refs.keySet().toString());
    }
}
