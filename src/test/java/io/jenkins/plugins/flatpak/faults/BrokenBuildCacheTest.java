package io.jenkins.plugins.flatpak.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.Engine;
import io.jenkins.plugins.flatpak.engine.EngineConfig;
import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.build.BuildSpec;
import io.jenkins.plugins.flatpak.engine.build.FlatpakBuilder;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a flatpak-builder killed while committing into its cache can leave (seen in the build kill loop): a cache
 * ref whose commit names a dirtree that was never written. Made deterministic here by deleting every dirtree of the
 * cache repository. Every later build of the app would fail with "No such metadata object"; when the state dir says
 * its last flatpak-builder did not end by itself, the next build checks the cache with {@code ostree fsck}, drops it
 * and builds cold. A cache without that sign is not checked (no fsck on every build), which is what the first half
 * shows: the damage is real and fails a build.
 */
class BrokenBuildCacheTest {
    private static final String MANIFEST = "org.example.Hello.yml";
    /** The state dir's sign that flatpak-builder did not end by itself (engine/build/InterruptedBuildMarker). */
    private static final String INTERRUPTED = ".pipeline.building";

    @Test
    void aBuildAfterAnInterruptedOneDropsABrokenCacheAndBuildsCold() throws Exception {
        Path home = FlatpakTestEnv.tempDir("broken-cache");
        Engine engine = new Engine(EngineConfig.inHome(home, FlatpakTestEnv.runner()));
        Path source = FlatpakTestEnv.sampleCopy("hello-yaml");
        BuildRecord first = build(engine, source, "first");
        assertEquals(BuildStatus.BUILT, first.getStatus());
        Path stateDir = new FlatpakBuilder(FlatpakTestEnv.runner(), home.resolve("work"))
                .stateDir(first.getAppId(), first.getArch(), first.getBranch());
        assertFalse(Files.exists(stateDir.resolve(INTERRUPTED)), "a build that ended leaves no sign");

        breakCache(stateDir.resolve("cache"));
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        FlatpakException failed = assertThrows(FlatpakException.class, () -> build(engine, source, "second", log));
        assertTrue((String.join("\n", log) + failed.getMessage()).contains("No such metadata object"),
                failed.getMessage());

        breakCache(stateDir.resolve("cache"));
        Files.writeString(stateDir.resolve(INTERRUPTED), "12345");
        log.clear();
        BuildRecord third = build(engine, source, "third", log);
        assertEquals(BuildStatus.BUILT, third.getStatus());
        assertTrue(log.stream().anyMatch(l -> l.contains("the cache repository is broken")), String.join("\n", log));
        assertNotEquals(List.of(), third.getBuiltModules(), "built cold: " + third.getCachedModules());
        assertEquals(List.of(), RepoCheck.fsck(stateDir.resolve("cache")), "the new cache is sound");
        assertFalse(Files.exists(stateDir.resolve(INTERRUPTED)));
    }

    private static BuildRecord build(Engine engine, Path source, String what) {
        return build(engine, source, what, new ArrayList<>());
    }

    private static BuildRecord build(Engine engine, Path source, String what, List<String> log) {
        return engine.build(BuildSpec.fromDirectory(source.toString(), MANIFEST), line -> {
            log.add(line);
            FlatpakTestEnv.LOG.line(what + ": " + line);
        }, Cancellation.none());
    }

    /** Deletes every dirtree object: the cache refs' commits then name trees the repository lacks. */
    private static void breakCache(Path cache) throws Exception {
        try (Stream<Path> objects = Files.walk(cache.resolve("objects"))) {
            List<Path> dirtrees = objects.filter(p -> p.getFileName().toString().endsWith(".dirtree")).toList();
            for (Path p : dirtrees) {
                Files.delete(p);
            }
        }
        assertNotEquals(List.of(), RepoCheck.fsck(cache), "the cache is broken");
    }
}
