package io.jenkins.plugins.flatpak.jenkins.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.index.IndexFilter;
import io.jenkins.plugins.flatpak.engine.index.IndexedBuild;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.engine.record.RecordStore;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cross-job index: one line per change, the last line of a build wins, run ids stick, compaction, recovery. */
class BuildIndexTest {
    static BuildRecord record(RecordStore store, String appId, String repo) {
        BuildRecord r = new BuildRecord();
        r.setAppId(appId);
        r.setArch("x86_64");
        r.setBranch("stable");
        r.setTargetRepo(repo);
        return store.create(r);
    }

    @Test
    void recordChangesReachTheIndexAndKeepTheirRun() {
        Path home = FlatpakTestEnv.tempDir("index");
        FlatpakHome flatpak = new FlatpakHome(io.jenkins.plugins.flatpak.engine.EngineConfig.inHome(home,
                new io.jenkins.plugins.flatpak.engine.exec.ToolRunner()));
        RecordStore store = flatpak.records();
        BuildRecord a = record(store, "org.example.A", null);
        flatpak.index().link("folder/job#7", a);
        store.transition(a.getId(), BuildStatus.BUILDING, null);
        store.transition(a.getId(), BuildStatus.FAILED, r -> r.setError("flatpak-builder failed\nsecond line"));

        IndexEntry e = flatpak.index().get(a.getId()).orElseThrow();
        assertEquals("failed", e.status());
        assertEquals("folder/job#7", e.runId());
        assertEquals("folder/job", e.jobFullName());
        assertEquals(7, e.runNumber());
        assertEquals("flatpak-builder failed", e.error(), "one line of the error is indexed");

        // Another reader of the same file (e.g. after a restart) sees the same.
        BuildIndex reread = new BuildIndex(home.resolve(FlatpakHome.INDEX_FILE));
        assertEquals(e.runId(), reread.get(a.getId()).orElseThrow().runId());
        assertEquals("failed", reread.get(a.getId()).orElseThrow().status());
    }

    @Test
    void newestFirstAndLaterLinesWin() throws Exception {
        Path home = FlatpakTestEnv.tempDir("index");
        RecordStore store = new RecordStore(home);
        BuildIndex index = new BuildIndex(home.resolve("index.jsonl"));
        BuildRecord first = record(store, "org.example.First", "beta");
        index.link("a#1", first);
        Thread.sleep(1100); // record ids and creation times have one-second resolution
        BuildRecord second = record(store, "org.example.Second", "beta");
        index.link("b#2", second);
        store.transition(first.getId(), BuildStatus.BUILDING, null);
        index.update(store.get(first.getId()));

        List<IndexedBuild> all = index.engineIndex().query(IndexFilter.all(), 0, 100);
        assertEquals(List.of(second.getId(), first.getId()), all.stream().map(IndexedBuild::buildId).toList());
        assertEquals("building", all.get(1).status());
        assertEquals("a#1", all.get(1).runId());
    }

    @Test
    void theFileIsCompactedOnceSupersededLinesOutnumberLiveOnes() throws Exception {
        Path home = FlatpakTestEnv.tempDir("index");
        RecordStore store = new RecordStore(home);
        Path file = home.resolve("index.jsonl");
        BuildIndex index = new BuildIndex(file);
        BuildRecord r = record(store, "org.example.Busy", null);
        index.link("busy#1", r);
        index.update(r);
        assertEquals(1, Files.readAllLines(file).size(), "a change that changes nothing appends nothing");
        for (int i = 0; i < 200; i++) {
            r.setError("attempt " + i);
            index.update(r);
        }
        long lines = Files.readAllLines(file).size();
        assertTrue(lines < 70, "compacted to " + lines + " lines");
        IndexEntry last = new BuildIndex(file).get(r.getId()).orElseThrow();
        assertEquals("busy#1", last.runId());
        assertEquals("attempt 199", last.error());
    }

    @Test
    void aLineCutShortByACrashIsSkipped() throws Exception {
        Path home = FlatpakTestEnv.tempDir("index");
        RecordStore store = new RecordStore(home);
        Path file = home.resolve("index.jsonl");
        BuildIndex index = new BuildIndex(file);
        BuildRecord r = record(store, "org.example.Ok", "beta");
        index.link("ok#1", r);
        Files.writeString(file, "{\"runId\":\"x#1\",\"buildId\":\"2025", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        BuildIndex reread = new BuildIndex(file);
        assertEquals(List.of(r.getId()), reread.engineIndex().query(IndexFilter.all(), 0, 10).stream()
                .map(IndexedBuild::buildId).toList());
        BuildRecord next = record(store, "org.example.Next", "beta");
        reread.link("next#2", next);
        assertEquals(next.getAppId(), index.get(next.getId()).orElseThrow().appId(),
                "the line after the cut one is read whole");
    }

    @Test
    void linesWrittenByTheEarlierIndexAreRead() throws Exception {
        Path file = FlatpakTestEnv.tempDir("index").resolve("index.jsonl");
        // as the first BuildIndex wrote them: Jackson's view of its IndexEntry record
        Files.writeString(file, "{\"runId\":\"f/j#3\",\"buildId\":\"20250101-000000-aaaaaa\",\"appId\":\"org.example.Old\","
                + "\"arch\":\"x86_64\",\"branch\":\"stable\",\"status\":\"published\",\"repo\":\"beta\","
                + "\"createdAt\":1735689600000,\"updatedAt\":1735689700000,"
                + "\"published\":{\"app/org.example.Old/x86_64/stable\":\"" + "f".repeat(64) + "\"},"
                + "\"publishedAt\":1735689650000}\n", StandardCharsets.UTF_8);
        BuildIndex index = new BuildIndex(file);
        IndexEntry e = index.get("20250101-000000-aaaaaa").orElseThrow();
        assertEquals("f/j", e.jobFullName());
        assertEquals(3, e.runNumber());
        assertEquals(Map.of("app/org.example.Old/x86_64/stable", "f".repeat(64)), e.published());
        List<PublishedRef> refs = new BuildQuery(index, runId -> new RunLink(runId, runId, "x/")).publishedRefs("beta");
        assertEquals("20250101-000000-aaaaaa", refs.get(0).getBuildId());
    }

    @Test
    void publishedRefsAreIndexed() {
        Path home = FlatpakTestEnv.tempDir("index");
        RecordStore store = new RecordStore(home);
        BuildIndex index = new BuildIndex(home.resolve("index.jsonl"));
        BuildRecord r = record(store, "org.example.P", "beta");
        index.link("p#1", r);
        r.setPublished(Map.of("app/org.example.P/x86_64/stable", "a".repeat(64)));
        IndexEntry e = index.update(r);
        assertEquals(Map.of("app/org.example.P/x86_64/stable", "a".repeat(64)), e.published());
        assertEquals("p#1", e.runId());
    }
}
