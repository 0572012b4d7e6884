package io.jenkins.plugins.flatpak.engine.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.Engine;
import io.jenkins.plugins.flatpak.engine.EngineConfig;
import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.build.BuildSpec;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.gpg.KeyGenerator;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.repo.OstreeRepo;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Batched publishing with the real tools: exact commits even when a later build moved the build-repo's ref,
 * a broken build failing alone, and another process publishing into the same repository at the same time.
 */
class PublishQueueTest {
    private static ToolRunner runner;
    private static Path buildRepo;
    private static String arch;
    /** app id to the build-repo commits of its builds, oldest first. */
    private static Map<String, String> a1;
    private static Map<String, String> a2;
    private static Map<String, String> b;
    private static Map<String, String> c;
    private static byte[] armoredKey;
    private static SigningKey key;
    private static ExecutorService pool;

    @BeforeAll
    static void builds() throws Exception {
        runner = FlatpakTestEnv.runner();
        arch = FlatpakTestEnv.arch();
        Engine engine = new Engine(EngineConfig.inHome(FlatpakTestEnv.tempDir("publish-queue"), runner));
        buildRepo = engine.config().buildRepo();
        a1 = build(engine, "org.example.QueueA", "first");
        a2 = build(engine, "org.example.QueueA", "second");
        b = build(engine, "org.example.QueueB", "b");
        c = build(engine, "org.example.QueueC", "c");
        armoredKey = KeyGenerator.builder("Queue Test <queue@example.org>").rsaBits(2048).generate().armoredSecretKey();
        key = SigningKey.parse(armoredKey, null);
        pool = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void close() {
        pool.shutdownNow();
        key.close();
    }

    /** A hello app with id {@code appId} whose command prints {@code text}; returns its ref to commit in the build-repo. */
    private static Map<String, String> build(Engine engine, String appId, String text) throws Exception {
        Path dir = FlatpakTestEnv.sampleCopy("hello-yaml");
        Path manifest = dir.resolve("org.example.Hello.yml");
        Files.writeString(dir.resolve(appId + ".yml"), Files.readString(manifest)
                .replace("org.example.Hello", appId).replace("Hello from", text + " from"));
        Files.delete(manifest);
        BuildRecord built = engine.build(BuildSpec.fromDirectory(dir.toString(), appId + ".yml"), FlatpakTestEnv.LOG,
                Cancellation.none());
        return built.getRefs();
    }

    private Future<Map<String, String>> publish(Path from, Map<String, String> refs, Path repo) {
        return pool.submit(() -> new Publisher(runner).publish(from, refs, PublishTarget.simple("stable", repo), key,
                FlatpakTestEnv.LOG, Cancellation.none()));
    }

    private static String fromCommit(Path repo, String commit) {
        return runner.capture(Command.of("ostree", "show").option("--repo", repo.toString())
                .option("--print-metadata-key", "xa.from_commit").positional(commit), FlatpakTestEnv.TOOL_TIMEOUT,
                OutputSink.DISCARD, null).text().trim().replace("'", "");
    }

    @Test
    void aLaterBuildOfARefLandsLastAndEachCallerGetsTheCommitOfItsOwnBuild() throws Exception {
        Path repo = FlatpakTestEnv.tempDir("queue-order").resolve("stable");
        String refA = "app/org.example.QueueA/" + arch + "/master";
        String refB = "app/org.example.QueueB/" + arch + "/master";
        Future<Map<String, String>> first = publish(buildRepo, a1, repo);
        Thread.sleep(20);
        Future<Map<String, String>> second = publish(buildRepo, a2, repo);
        Future<Map<String, String>> other = publish(buildRepo, b, repo);

        String p1 = first.get(5, TimeUnit.MINUTES).get(refA);
        String p2 = second.get(5, TimeUnit.MINUTES).get(refA);
        other.get(5, TimeUnit.MINUTES);
        assertNotEquals(p1, p2);
        // The build-repo's ref already pointed at the second build when the first was published.
        assertEquals(a1.get(refA), fromCommit(repo, p1), "the first caller's commit is made from its own build");
        assertEquals(a2.get(refA), fromCommit(repo, p2));
        OstreeRepo target = new OstreeRepo(repo, runner);
        assertEquals(p2, target.revParse(refA, null), "the later build lands last");
        assertEquals(List.of(), target.fsck(null));
        List<String> summary = SignedSummary.refs(repo, key.publicKeyBinary());
        assertTrue(summary.containsAll(List.of(refA, refB)), summary.toString());
        assertTrue(SummaryQueue.of(repo).updatesRun() <= 2, "updates: " + SummaryQueue.of(repo).updatesRun());
    }

    @Test
    void aBuildThatCannotBeImportedFailsAloneAndTheOthersArePublished() throws Exception {
        Path work = FlatpakTestEnv.tempDir("queue-failure");
        Path otherBuildRepo = work.resolve("build-repo");
        OstreeRepo other = new OstreeRepo(otherBuildRepo, runner);
        other.ensureExists(null, FlatpakTestEnv.LOG, null);
        Command pull = other.ostree("pull-local").positional(buildRepo.toString());
        b.keySet().forEach(pull::positional);
        c.keySet().forEach(pull::positional);
        runner.run(pull, FlatpakTestEnv.TOOL_TIMEOUT, FlatpakTestEnv.LOG, null);
        // A ref whose commit the build-repo lacks: the run shared with the good builds fails.
        String ghostRef = "app/org.example.QueueGhost/" + arch + "/master";
        String ghostCommit = "ab".repeat(32);
        Path ghost = otherBuildRepo.resolve("refs/heads").resolve(ghostRef);
        Files.createDirectories(ghost.getParent());
        Files.writeString(ghost, ghostCommit + "\n");

        Path repo = work.resolve("stable");
        Future<Map<String, String>> good1 = publish(otherBuildRepo, b, repo);
        Future<Map<String, String>> bad = publish(otherBuildRepo, Map.of(ghostRef, ghostCommit), repo);
        Future<Map<String, String>> good2 = publish(otherBuildRepo, c, repo);

        ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> bad.get(5, TimeUnit.MINUTES));
        assertTrue(failed.getCause() instanceof FlatpakException, failed.getCause().toString());
        List<String> published = new ArrayList<>(good1.get(5, TimeUnit.MINUTES).keySet());
        published.addAll(good2.get(5, TimeUnit.MINUTES).keySet());
        List<String> summary = SignedSummary.refs(repo, key.publicKeyBinary());
        assertTrue(summary.containsAll(published), summary + " lacks some of " + published);
        assertTrue(!summary.contains(ghostRef), summary.toString());
        assertEquals(List.of(), new OstreeRepo(repo, runner).fsck(null));
    }

    @Test
    void aPublishLeavesTheSummaryUpdateToAnotherProcessThatAnnouncedAnImportAndReturnsOnceItRan() throws Exception {
        Path repo = FlatpakTestEnv.tempDir("queue-handoff").resolve("stable");
        SummaryQueue summaries = SummaryQueue.of(repo);
        Process other = new ProcessBuilder("sleep", "120").start();
        try {
            // The other process announces an import with the same key, as its PublishQueue does before locking.
            PublishState.Intent intent = summaries.state().intend(PublishJob.signer(key), other.pid());
            List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
            Future<Map<String, String>> result = pool.submit(() -> new Publisher(runner).publish(buildRepo, b,
                    PublishTarget.simple("stable", repo), key, log::add, Cancellation.none()));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (log.stream().noneMatch(l -> l.contains("another process is publishing")) && !result.isDone()
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(log.stream().anyMatch(l -> l.contains("another process is publishing")), log.toString());
            assertTrue(!result.isDone(), "it must not return before a summary lists its refs");

            // The other process imports nothing here, updates the summary (signed) and records that it did.
            try (var lock = new OstreeRepo(repo, runner).lock();
                    var gpg = io.jenkins.plugins.flatpak.engine.gpg.GpgHome.open(key, runner)) {
                Command update = Command.of("flatpak", "build-update-repo");
                gpg.addSignOptions(update);
                runner.run(update.endOfOptions().arg(repo.toString()), FlatpakTestEnv.TOOL_TIMEOUT,
                        FlatpakTestEnv.LOG, null);
                summaries.state().markUpdated(summaries.state().requested());
            }
            intent.close();
            long waited = System.nanoTime();
            Map<String, String> published = result.get(SummaryQueue.HANDOFF_WAIT.toSeconds() + 60, TimeUnit.SECONDS);
            assertTrue(System.nanoTime() - waited < SummaryQueue.HANDOFF_WAIT.toNanos(),
                    "it returned as soon as the other process's update covered it");
            assertEquals(0, summaries.updatesRun(), "this process ran no update of its own");
            assertTrue(SignedSummary.refs(repo, key.publicKeyBinary()).containsAll(published.keySet()));
        } finally {
            other.destroy();
        }
    }

    @Test
    void anotherProcessPublishingAtTheSameTimeFindsItsRefInTheSignedSummaryWhenItReturns() throws Exception {
        Path work = FlatpakTestEnv.tempDir("queue-process");
        Path repo = work.resolve("stable");
        Path keyFile = work.resolve("key.asc");
        Files.write(keyFile, armoredKey);
        String refC = c.keySet().iterator().next();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                PublishInAnotherProcess.class.getName(), buildRepo.toString(), refC, c.get(refC), repo.toString(),
                keyFile.toString()).redirectErrorStream(true).start();
        Future<Map<String, String>> here1 = publish(buildRepo, a2, repo);
        Future<Map<String, String>> here2 = publish(buildRepo, b, repo);
        List<String> published = new ArrayList<>(here1.get(5, TimeUnit.MINUTES).keySet());
        published.addAll(here2.get(5, TimeUnit.MINUTES).keySet());
        String output = new String(child.getInputStream().readAllBytes());
        assertTrue(child.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("listed true"), "the other process saw its ref in the signed summary: " + output);
        published.add(refC);
        List<String> summary = SignedSummary.refs(repo, key.publicKeyBinary());
        assertTrue(summary.containsAll(published), summary + " lacks some of " + published);
        assertEquals(List.of(), new OstreeRepo(repo, runner).fsck(null));
    }
}
