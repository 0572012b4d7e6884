package io.jenkins.plugins.flatpak.engine.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.fs.Trees;
import io.jenkins.plugins.flatpak.engine.repo.OstreeRepo;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Retention limits on a real state dir: what they remove, what they keep, and that the next build still works
 * (from the cache when it was kept).
 */
class CacheRetentionTest {
    private static final String DEVEL = "org.example.Cached.devel.yml";
    private static final Instant LONG_AGO = Instant.now().minus(Duration.ofDays(40));

    private final ToolRunner runner = FlatpakTestEnv.runner();
    private final Path work = FlatpakTestEnv.tempDir("retention-work");
    private final FlatpakBuilder builder = new FlatpakBuilder(runner, work).withRetention(CacheRetention.UNLIMITED);
    private final Path stateDir = builder.stateDir(CacheSample.APP_ID, FlatpakTestEnv.arch(), "master");
    private final Path source = RebuildCacheTest.sample("retention-src");
    private int builds;

    private BuildResult build(String manifest, CacheRetention retention) {
        BuildSpec spec = BuildSpec.fromDirectory(source.toString(), manifest).withCacheRetention(retention);
        BuildResult r = builder.build("b-retention-" + (++builds), spec, FlatpakTestEnv.LOG, Cancellation.none());
        Trees.delete(Path.of(r.exportRepo()).getParent());
        return r;
    }

    @Test
    void sizeLimitEvictsLeftoversThenOtherManifestsAndKeepsTheCacheWhenItFits() throws Exception {
        build(CacheSample.MANIFEST, null);
        long oneBranch = Trees.size(stateDir);
        develManifest();
        build(DEVEL, null);
        assertEquals(2, cacheBranches().size(), cacheBranches().toString());
        leftovers(Instant.now());

        // room for this manifest's cache only: leftovers and the other manifest's branch go, this one stays
        long limit = oneBranch + 4096;
        BuildResult limited = build(CacheSample.MANIFEST, CacheRetention.maxBytes(limit));
        assertEquals(CacheSample.MODULES, limited.cachedModules());
        assertFalse(Files.exists(stateDir.resolve("build/leftover-1")));
        assertFalse(Files.exists(stateDir.resolve("ccache")));
        assertFalse(Files.exists(stateDir.resolve("downloads/0123abcd")));
        assertFalse(Files.exists(stateDir.resolve("git/example.org_repo.git")));
        List<String> branches = cacheBranches();
        assertEquals(1, branches.size(), branches.toString());
        assertTrue(branches.get(0).endsWith("_2F" + CacheSample.MANIFEST), branches.toString());
        assertTrue(Trees.size(stateDir) <= limit, Trees.size(stateDir) + " bytes is within the limit " + limit);
        assertEquals(List.of(), new OstreeRepo(stateDir.resolve("cache"), runner).fsck(null));

        // the next build still uses what was kept
        assertEquals(CacheSample.MODULES, build(CacheSample.MANIFEST, null).cachedModules());

        // a limit below the cache itself drops it: the next build is cold again, and works
        build(CacheSample.MANIFEST, CacheRetention.maxBytes(0));
        assertEquals(List.of(), cacheBranches());
        BuildResult cold = build(CacheSample.MANIFEST, null);
        assertEquals(CacheSample.MODULES, cold.builtModules());
        assertEquals(List.of(), cold.cachedModules());
    }

    @Test
    void ageLimitRemovesWhatWasNotUsedAndKeepsWhatWas() throws Exception {
        build(CacheSample.MANIFEST, null);
        develManifest();
        build(DEVEL, null);
        leftovers(LONG_AGO);
        Path recentDownload = file(stateDir.resolve("downloads/4567ef/recent.tar"), 1000, Instant.now());
        Path recentCcache = file(stateDir.resolve("ccache/b/recent.o"), 1000, Instant.now());
        // the other manifest's cache was last used long ago
        String other = cacheBranches().stream().filter(b -> b.endsWith("devel.yml")).findFirst().orElseThrow();
        try (Stream<Path> refs = Files.list(stateDir.resolve("cache/refs/heads").resolve(other))) {
            for (Path ref : refs.toList()) {
                Files.setLastModifiedTime(ref, FileTime.from(LONG_AGO));
            }
        }

        BuildResult kept = build(CacheSample.MANIFEST, CacheRetention.maxAge(Duration.ofDays(30)));
        assertEquals(CacheSample.MODULES, kept.cachedModules());
        assertFalse(Files.exists(stateDir.resolve("build/leftover-1")));
        assertFalse(Files.exists(stateDir.resolve("downloads/0123abcd")));
        assertFalse(Files.exists(stateDir.resolve("git/example.org_repo.git")));
        assertFalse(Files.exists(stateDir.resolve("ccache/a/old.o")));
        assertTrue(Files.exists(recentDownload));
        assertTrue(Files.exists(recentCcache));
        assertEquals(1, cacheBranches().size(), cacheBranches().toString());
        assertFalse(cacheBranches().contains(other));
        assertEquals(List.of(), new OstreeRepo(stateDir.resolve("cache"), runner).fsck(null));
        // ostree prune ran: no object of the dropped branch is left
        List<String> stats = runner.capture(Command.of("ostree", "prune", "--refs-only", "--no-prune")
                .option("--repo", stateDir.resolve("cache").toString()), FlatpakTestEnv.TOOL_TIMEOUT,
                FlatpakTestEnv.LOG, null).output();
        assertTrue(stats.contains("No unreachable objects"), stats.toString());

        // the manifest that was used stays cached however old its cache is, as builds keep using it
        assertEquals(CacheSample.MODULES, build(CacheSample.MANIFEST, CacheRetention.maxAge(Duration.ofDays(30)))
                .cachedModules());
    }

    @Test
    void limitsAreValidated() {
        assertThrows(InvalidInputException.class, () -> CacheRetention.maxBytes(-1));
        assertThrows(InvalidInputException.class, () -> CacheRetention.maxAge(Duration.ZERO));
        assertEquals(20L << 30, CacheRetention.parseSize("20G"));
        assertEquals(512L << 20, CacheRetention.parseSize("512m"));
        assertEquals(1234, CacheRetention.parseSize("1234"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> CacheRetention.parseSize("1.5G"));
        assertTrue(e.getMessage().contains("1.5G"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> CacheRetention.parseSize("-5"));
    }

    /** The same app from a second manifest with other content: a second cache branch in the same state dir. */
    private void develManifest() {
        CacheSample.writePayload(source, 64 * 1024, 7);
        try {
            Files.move(source.resolve(CacheSample.PAYLOAD), source.resolve("payload-devel.bin"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        CacheSample.writePayload(source, 64 * 1024, 1);
        CacheSample.writeManifest(source, DEVEL, 3, 200, "payload-devel.bin");
    }

    /** What flatpak-builder leaves behind: a failed module's build dir, a download, a git mirror, ccache files. */
    private void leftovers(Instant lastUse) throws IOException {
        file(stateDir.resolve("build/leftover-1/obj/big.o"), 200_000, lastUse);
        file(stateDir.resolve("downloads/0123abcd/source.tar.xz"), 200_000, lastUse);
        file(stateDir.resolve("git/example.org_repo.git/objects/pack/p.pack"), 200_000, lastUse);
        file(stateDir.resolve("ccache/a/old.o"), 200_000, lastUse);
        for (String dir : List.of("build/leftover-1/obj", "build/leftover-1", "downloads/0123abcd",
                "git/example.org_repo.git/objects/pack", "git/example.org_repo.git/objects",
                "git/example.org_repo.git", "ccache/a")) {
            times(stateDir.resolve(dir), lastUse);
        }
    }

    private static Path file(Path p, int bytes, Instant time) throws IOException {
        Files.createDirectories(p.getParent());
        byte[] data = new byte[bytes];
        new Random(bytes).nextBytes(data);
        Files.write(p, data);
        times(p, time);
        return p;
    }

    private static void times(Path p, Instant time) throws IOException {
        FileTime t = FileTime.from(time);
        Files.getFileAttributeView(p, BasicFileAttributeView.class).setTimes(t, t, null);
    }

    private List<String> cacheBranches() throws IOException {
        Path heads = stateDir.resolve("cache/refs/heads");
        if (!Files.isDirectory(heads)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(heads)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
