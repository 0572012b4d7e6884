package io.jenkins.plugins.flatpak.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.Engine;
import io.jenkins.plugins.flatpak.engine.EngineConfig;
import io.jenkins.plugins.flatpak.engine.build.BuildSpec;
import io.jenkins.plugins.flatpak.engine.build.FlatpakBuilder;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.engine.repo.OstreeRepo;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Two builds of the same app, started at the same moment from two workspaces, sharing one flatpak-builder
 * cache (state dir): from two engine threads, and from two runner processes. Both succeed and commit (the
 * commit validates what was imported), the build-repo and the cache pass {@code ostree fsck}, both builds
 * have exactly the same content (same root tree: neither saw the other's half-written files), and a third build
 * takes the module from the cache with the same content again.
 */
class SharedCacheBuildsTest {
    private static final String MANIFEST = "org.example.Hello.yml";

    @Test
    void twoEngineThreadsBuildOneAppWithOneCache() throws Exception {
        Engine engine = new Engine(EngineConfig.inHome(FlatpakTestEnv.tempDir("shared-cache"), FlatpakTestEnv.runner()));
        List<Path> workspaces = List.of(FlatpakTestEnv.sampleCopy("hello-yaml"), FlatpakTestEnv.sampleCopy("hello-yaml"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<BuildRecord>> builds = new ArrayList<>();
        for (Path w : workspaces) {
            builds.add(pool.submit(() -> {
                start.await();
                return engine.build(BuildSpec.fromDirectory(w.toString(), MANIFEST).withBranch("stable"),
                        line -> { }, Cancellation.none());
            }));
        }
        start.countDown();
        List<String> ids = new ArrayList<>();
        int failures = 0;
        for (Future<BuildRecord> f : builds) {
            try {
                ids.add(f.get().getId());
            } catch (Exception e) {
                failures++;
                System.out.println("shared cache build failed: " + e.getCause());
            }
        }
        pool.shutdown();
        Path stateDir = new FlatpakBuilder(FlatpakTestEnv.runner(), engine.config().workRoot())
                .stateDir("org.example.Hello", FlatpakTestEnv.arch(), "stable");
        check("engine threads", engine, ids, failures, stateDir);
    }

    @Test
    void twoRunnerProcessesBuildOneAppWithOneStateDir() throws Exception {
        Path home = FlatpakTestEnv.tempDir("shared-cache-runner");
        Path stateDir = home.resolve("shared-state");
        List<RunnerProcess> runners = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path manifest = FlatpakTestEnv.sampleCopy("hello-yaml").resolve(MANIFEST);
            runners.add(RunnerProcess.start(home, KillLoopTest.shortTmp(), "build", "--manifest", manifest.toString(),
                    "--build-repo", home.resolve("build-repo").toString(), "--branch", "stable", "--state-dir",
                    stateDir.toString()));
        }
        List<String> ids = new ArrayList<>();
        int failures = 0;
        for (RunnerProcess r : runners) {
            if (r.waitFor(Duration.ofMinutes(10)) == 0) {
                ids.add(r.lastLine());
            } else {
                failures++;
                System.out.println("shared cache build failed: " + r.err());
            }
        }
        Engine engine = new Engine(EngineConfig.inHome(home, FlatpakTestEnv.runner()));
        check("runner processes", engine, ids, failures, stateDir);
    }

    private static void check(String how, Engine engine, List<String> ids, int failures, Path stateDir) throws Exception {
        System.out.printf("shared cache (%s): 2 builds, %d failures%n", how, failures);
        assertEquals(0, failures);
        OstreeRepo buildRepo = engine.buildRepository().repo();
        List<String> trees = new ArrayList<>();
        for (String id : ids) {
            BuildRecord committed = engine.commit(id, line -> { }, Cancellation.none());
            assertEquals(BuildStatus.COMMITTED, committed.getStatus());
            trees.add(buildRepo.rootTree(committed.getRefs().get(committed.appRef()), null));
        }
        assertEquals(trees.get(0), trees.get(1), "both builds have the same content");
        assertEquals(List.of(), RepoCheck.fsck(buildRepo.path()), "build-repo fsck");
        Path cache = stateDir.resolve("cache");
        assertTrue(Files.isDirectory(cache.resolve("objects")), "flatpak-builder's cache is in " + cache);
        assertEquals(List.of(), RepoCheck.fsck(cache), "cache fsck");

        BuildRecord third = engine.build(BuildSpec.fromDirectory(FlatpakTestEnv.sampleCopy("hello-yaml").toString(),
                MANIFEST).withBranch("stable").withStateDir(stateDir.toString()), line -> { }, Cancellation.none());
        assertEquals(List.of("hello"), third.getCachedModules(), "the shared cache still serves the module");
        assertEquals(trees.get(0), buildRepo.rootTree(third.getRefs().get(third.appRef()), null));
    }
}
