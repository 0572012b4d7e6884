package io.jenkins.plugins.flatpak.engine.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.Engine;
import io.jenkins.plugins.flatpak.engine.EngineConfig;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.lock.PathLock;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.engine.repo.OstreeRepo;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** flatpak-builder's cache through the engine: hits across workspaces, what the record says, the state dir lock. */
class RebuildCacheTest {

    static Path sample(String name) {
        return CacheSample.create(FlatpakTestEnv.tempDir(name).resolve("src"), 3, 200, 64 * 1024, 1);
    }

    @Test
    void unchangedRebuildFromAnotherWorkspaceIsAllCachedWithTheSameContent() throws Exception {
        ToolRunner runner = FlatpakTestEnv.runner();
        Engine engine = new Engine(EngineConfig.inHome(FlatpakTestEnv.tempDir("cache-home"), runner));
        Path first = sample("workspace-a");
        Path second = sample("workspace-b");
        // another checkout of the same sources: other directory, newer file times
        for (Path p : List.of(CacheSample.MANIFEST, CacheSample.PAYLOAD, "cached.sh").stream()
                .map(second::resolve).toList()) {
            Files.setLastModifiedTime(p, FileTime.from(Instant.now().plusSeconds(3600)));
        }

        BuildRecord cold = engine.build(BuildSpec.fromDirectory(first.toString(), CacheSample.MANIFEST),
                FlatpakTestEnv.LOG, Cancellation.none());
        assertEquals(BuildStatus.BUILT, cold.getStatus());
        assertEquals(CacheSample.MODULES, cold.getBuiltModules());
        assertEquals(List.of(), cold.getCachedModules());

        BuildRecord warm = engine.build(BuildSpec.fromDirectory(second.toString(), CacheSample.MANIFEST),
                FlatpakTestEnv.LOG, Cancellation.none());
        assertEquals(CacheSample.MODULES, warm.getCachedModules(), "every module came from the cache");
        assertEquals(List.of(), warm.getBuiltModules());
        OstreeRepo repo = engine.buildRepository().repo();
        String appRef = cold.appRef();
        assertNotEquals(cold.getRefs().get(appRef), warm.getRefs().get(appRef), "each build has its own commit");
        assertEquals(repo.rootTree(cold.getRefs().get(appRef), null), repo.rootTree(warm.getRefs().get(appRef), null),
                "the rebuild has exactly the content of the cold build");

        // the cache branch is the one flatpak-builder derives from the stable manifest path
        String arch = FlatpakTestEnv.arch();
        Path stateDir = new FlatpakBuilder(runner, engine.config().workRoot()).stateDir(CacheSample.APP_ID, arch,
                "master");
        String branch = CacheBranch.of(arch, stateDir.resolve(FlatpakBuilder.STAGED_SOURCES)
                .resolve(CacheSample.MANIFEST));
        List<String> cacheRefs = runner.capture(Command.of("ostree", "refs").option("--repo",
                stateDir.resolve("cache").toString()), FlatpakTestEnv.TOOL_TIMEOUT, FlatpakTestEnv.LOG, null).output();
        assertFalse(cacheRefs.isEmpty());
        assertTrue(cacheRefs.stream().allMatch(r -> r.startsWith(branch + "/")), branch + " vs " + cacheRefs);
        assertTrue(cacheRefs.contains(branch + "/build-tables"), cacheRefs.toString());
        assertFalse(Files.exists(stateDir.resolve(FlatpakBuilder.STAGED_SOURCES)), "staged sources are removed");

        // one changed source file: the modules before it come from the cache, it and those after it are built
        CacheSample.writePayload(second, 64 * 1024, 2);
        BuildRecord changed = engine.build(BuildSpec.fromDirectory(second.toString(), CacheSample.MANIFEST),
                FlatpakTestEnv.LOG, Cancellation.none());
        assertEquals(List.of("tables"), changed.getCachedModules());
        assertEquals(List.of("payload", "launcher"), changed.getBuiltModules());
        assertNotEquals(repo.rootTree(cold.getRefs().get(appRef), null),
                repo.rootTree(changed.getRefs().get(appRef), null));
    }

    @Test
    void aBuildWaitsWhileItsStateDirIsInUse() throws Exception {
        ToolRunner runner = FlatpakTestEnv.runner();
        Path work = FlatpakTestEnv.tempDir("lock-work");
        FlatpakBuilder builder = new FlatpakBuilder(runner, work);
        Path stateDir = builder.stateDir(CacheSample.APP_ID, FlatpakTestEnv.arch(), "master");
        Path source = sample("lock-src");
        ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        CompletableFuture<BuildResult> build;
        try (PathLock held = PathLock.acquire(stateDir.resolve(".pipeline.lock"))) {
            build = CompletableFuture.supplyAsync(() -> builder.build("b-locked",
                    BuildSpec.fromDirectory(source.toString(), CacheSample.MANIFEST), line -> {
                        lines.add(line);
                        FlatpakTestEnv.LOG.line(line);
                    }, Cancellation.none()));
            Thread.sleep(3000);
            assertFalse(build.isDone(), "the build must wait for the state dir");
            assertTrue(lines.stream().anyMatch(l -> l.contains("waiting for state dir " + stateDir)), lines.toString());
            assertTrue(lines.stream().noneMatch(l -> l.contains("flatpak-builder " + CacheSample.APP_ID)),
                    lines.toString());
        }
        BuildResult result = build.get(5, TimeUnit.MINUTES);
        assertEquals(CacheSample.MODULES, result.builtModules());
    }
}
