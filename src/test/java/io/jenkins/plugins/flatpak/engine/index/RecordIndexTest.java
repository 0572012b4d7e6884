package io.jenkins.plugins.flatpak.engine.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The engine's build index: filters, paging, order, last line wins, compaction, restarts, other writers. */
class RecordIndexTest {
    private static final long T0 = 1_700_000_000_000L;

    static IndexedBuild build(String id, String runId, String app, String status, String repo, long created) {
        return new IndexedBuild(runId, id, app, "x86_64", "stable", status, repo, created, created, null, 0, null);
    }

    static IndexedBuild published(String id, String runId, String repo, long publishedAt, Map<String, String> refs) {
        return new IndexedBuild(runId, id, "org.example.P", "x86_64", "stable", "published", repo, publishedAt - 5000,
                publishedAt, refs, publishedAt, null);
    }

    /** What a query must return, computed the obvious way. */
    static List<IndexedBuild> expected(Collection<IndexedBuild> all, IndexFilter f) {
        Map<String, Boolean> groups = new HashMap<>();
        List<IndexedBuild> out = new ArrayList<>();
        for (IndexedBuild b : all) {
            if (f.status() != null && !f.status().equals(b.status())
                    || f.repo() != null && !f.repo().equals(b.repo())
                    || f.appIdPart() != null && (b.appId() == null || !b.appId().toLowerCase(Locale.ROOT).contains(f.appIdPart()))) {
                continue;
            }
            if (f.visibleRuns() != null) {
                String group = b.runId() == null ? "\0" : b.runId().replaceFirst("#[1-9][0-9]*$", "");
                if (!groups.computeIfAbsent(group, g -> f.visibleRuns().test(b.runId()))) {
                    continue;
                }
            }
            out.add(b);
        }
        out.sort(Comparator.comparingLong(IndexedBuild::createdAt).thenComparing(IndexedBuild::buildId).reversed());
        return out;
    }

    static List<String> ids(List<IndexedBuild> builds) {
        return builds.stream().map(IndexedBuild::buildId).toList();
    }

    static long lines(Path file) throws Exception {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).count();
    }

    @Test
    void filtersAndPagesMatchTheObviousComputationNewestFirst() {
        Path file = FlatpakTestEnv.tempDir("index").resolve("index.jsonl");
        RecordIndex index = new RecordIndex(file);
        Random random = new Random(7);
        List<IndexedBuild> all = new ArrayList<>();
        String[] statuses = {"published", "failed", "built"};
        String[] repos = {"stable", "beta", null};
        String[] apps = {"org.example.Alpha", "org.example.Beta", "com.Other.ALPHAbet", null};
        for (int i = 0; i < 300; i++) {
            // creation times with ties (ordered by id then) and out of order
            long created = T0 + random.nextInt(100) * 1000L;
            all.add(build(String.format("b-%04d", i), random.nextInt(10) == 0 ? null : "job-" + random.nextInt(7) + "#" + i,
                    apps[random.nextInt(apps.length)], statuses[random.nextInt(3)], repos[random.nextInt(3)], created));
        }
        Collections.shuffle(all, random);
        index.putAll(all);

        Predicate<String> noJob3 = runId -> runId != null && !runId.startsWith("job-3#");
        List<IndexFilter> filters = List.of(IndexFilter.all(), IndexFilter.all().status("failed"),
                IndexFilter.all().appId("alpha"), IndexFilter.all().appId("ORG.EXAMPLE.BETA"),
                IndexFilter.all().repo("beta"), IndexFilter.all().status("published").repo("stable").appId("Alpha"),
                IndexFilter.all().visibleRuns(noJob3), IndexFilter.all().status("built").visibleRuns(noJob3),
                IndexFilter.all().status("nonesuch"), IndexFilter.all().repo("nowhere"), IndexFilter.all().appId("zzz"));
        for (RecordIndex view : List.of(index, new RecordIndex(file))) { // the writer, and a reader after a restart
            for (IndexFilter f : filters) {
                List<IndexedBuild> want = expected(all, f);
                assertEquals(want.size(), view.count(f), f.toString());
                for (int offset : new int[] {0, 7, want.size() - 3, want.size(), want.size() + 10}) {
                    int from = Math.max(0, offset);
                    List<IndexedBuild> slice = want.subList(Math.min(from, want.size()), Math.min(from + 10, want.size()));
                    IndexPage page = view.page(f, from, 10);
                    assertEquals(ids(slice), ids(page.builds()), f + " from " + from);
                    assertEquals(want.size(), page.total());
                    assertEquals(ids(slice), ids(view.query(f, from, 10)), f + " from " + from);
                }
                assertEquals(ids(want), ids(view.query(f, 0, Integer.MAX_VALUE)));
            }
            assertEquals(all.get(0), view.get(all.get(0).buildId()).orElseThrow());
        }
        assertEquals(300, index.size());
    }

    @Test
    void theVisibilityOfARunGroupIsAskedOnceAndHiddenRunsAreNotCounted() {
        RecordIndex index = new RecordIndex(FlatpakTestEnv.tempDir("index").resolve("index.jsonl"));
        List<IndexedBuild> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String run = i % 10 == 9 ? null : (i % 4 == 0 ? "secret/job#" : "folder/job-" + (i % 3) + "#") + (i + 1);
            all.add(build("b" + (100 + i), run, "org.example.A", "built", "stable", T0 + i));
        }
        index.putAll(all);
        List<String> asked = new ArrayList<>();
        Predicate<String> viewer = runId -> {
            asked.add(String.valueOf(runId));
            return runId != null && !runId.startsWith("secret/");
        };
        IndexPage page = index.page(IndexFilter.all().visibleRuns(viewer), 0, 5);
        int visible = (int) all.stream().filter(b -> b.runId() != null && !b.runId().startsWith("secret/")).count();
        assertEquals(visible, page.total());
        assertEquals(5, page.builds().size());
        assertTrue(page.builds().stream().allMatch(b -> b.runId() != null && b.runId().startsWith("folder/")));
        // four groups: folder/job-0, -1, -2 and secret/job, plus the builds no run claimed (asked as null)
        assertEquals(5, asked.size(), asked.toString());
        assertEquals(asked.size(), asked.stream().distinct().count());
        assertTrue(asked.contains("null"));
    }

    @Test
    void theLastLineOfABuildWinsAndKeepsItsRun() throws Exception {
        Path file = FlatpakTestEnv.tempDir("index").resolve("index.jsonl");
        RecordIndex index = new RecordIndex(file);
        index.put(build("b1", "folder/job#7", "org.example.A", "building", "beta", T0));
        index.put(build("b2", "other#1", "org.example.B", "built", "beta", T0 + 1));
        IndexedBuild failed = index.put(new IndexedBuild(null, "b1", "org.example.A", "x86_64", "stable", "failed",
                "beta", T0, T0 + 9, null, 0, "it broke"));
        assertEquals("folder/job#7", failed.runId(), "a line without a run keeps the build's run");
        assertEquals("failed", index.get("b1").orElseThrow().status());
        assertEquals(0, index.count(IndexFilter.all().status("building")));
        assertEquals(List.of("b2", "b1"), ids(index.query(IndexFilter.all(), 0, 10)));

        // A line without the run written by someone else (not through put) also keeps it, on reload too.
        Files.writeString(file, new String(IndexLines.encode(build("b1", null, "org.example.A", "cancelled", "beta", T0)),
                StandardCharsets.UTF_8) + "\n", StandardOpenOption.APPEND);
        assertEquals("folder/job#7", index.get("b1").orElseThrow().runId());
        assertEquals("cancelled", index.get("b1").orElseThrow().status());
        RecordIndex restarted = new RecordIndex(file);
        assertEquals("folder/job#7", restarted.get("b1").orElseThrow().runId());
        assertEquals("cancelled", restarted.get("b1").orElseThrow().status());
        assertEquals(2, restarted.size());

        // A run id that is not job#number is kept as it is.
        index.put(build("b3", "odd#007", "org.example.C", "built", null, T0 + 2));
        assertEquals("odd#007", new RecordIndex(file).get("b3").orElseThrow().runId());
    }

    @Test
    void writingWhatTheIndexAlreadySaysAppendsNothing() throws Exception {
        Path file = FlatpakTestEnv.tempDir("index").resolve("index.jsonl");
        RecordIndex index = new RecordIndex(file);
        IndexedBuild b = build("b1", "job#1", "org.example.A", "built", "beta", T0);
        index.put(b);
        index.put(new IndexedBuild("job#1", "b1", "org.example.A", "x86_64", "stable", "built", "beta", T0, T0 + 99,
                null, 0, null));
        index.put(b.withRunId(null));
        assertEquals(1, lines(file));
        assertThrows(InvalidInputException.class, () -> index.put(build("../x", null, null, "built", null, T0)));
    }

    @Test
    void supersededLinesAreCompactedAwayAndEverythingSurvives() throws Exception {
        Path file = FlatpakTestEnv.tempDir("index").resolve("index.jsonl");
        RecordIndex index = new RecordIndex(file);
        List<IndexedBuild> all = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            all.add(build("b" + (100 + i), "job#" + (i + 1), "org.example.A" + (i % 3), "created", "stable", T0 + i));
        }
        index.putAll(all);
        String[] statuses = {"building", "built", "committing", "committed"};
        Map<String, IndexedBuild> last = new LinkedHashMap<>();
        all.forEach(b -> last.put(b.buildId(), b));
        Random random = new Random(3);
        long maxLines = 0;
        for (int round = 0; round < 400; round++) {
            IndexedBuild b = all.get(random.nextInt(all.size()));
            IndexedBuild changed = new IndexedBuild(null, b.buildId(), b.appId(), "x86_64", "stable",
                    statuses[round % 4] , "stable", b.createdAt(), T0 + round, null, 0, null);
            index.put(changed);
            last.put(b.buildId(), changed.withRunId(b.runId()));
            maxLines = Math.max(maxLines, lines(file));
        }
        assertTrue(maxLines <= 2 * 50 + RecordIndex.COMPACT_SLACK + 1, "at most " + maxLines + " lines");
        assertTrue(index.stats().lines() < 450, "compacted: " + index.stats());
        for (RecordIndex view : List.of(index, new RecordIndex(file))) {
            for (IndexedBuild want : last.values()) {
                IndexedBuild got = view.get(want.buildId()).orElseThrow();
                assertTrue(want.sameAs(got), want + " vs " + got);
            }
            assertEquals(ids(expected(last.values(), IndexFilter.all().status("built"))),
                    ids(view.query(IndexFilter.all().status("built"), 0, 100)));
        }
        index.compact();
        assertEquals(50, lines(file));
        assertEquals(50, index.stats().lines());
        assertEquals(last.get("b120").status(), new RecordIndex(file).get("b120").orElseThrow().status());
    }

    @Test
    void anotherInstanceOnTheFileSeesAppendsAndCompactions() throws Exception {
        Path file = FlatpakTestEnv.tempDir("index").resolve("index.jsonl");
        RecordIndex a = new RecordIndex(file);
        RecordIndex b = new RecordIndex(file); // as another process would
        a.put(build("b1", "job#1", "org.example.A", "built", "stable", T0));
        assertEquals("built", b.get("b1").orElseThrow().status());
        long before = a.stats().fileBytes();
        b.put(build("b2", "job#2", "org.example.B", "created", "stable", T0 + 1));
        for (int i = 0; i < 150; i++) { // enough superseded lines for b to compact the file
            b.put(build("b2", "job#2", "org.example.B", i % 2 == 0 ? "building" : "built", "stable", T0 + 1)
                    .withRunId(null));
            b.put(new IndexedBuild(null, "b2", "org.example.B", "x86_64", "stable", i % 2 == 0 ? "built" : "building",
                    "stable", T0 + 1, T0 + i, null, 0, "" + i));
        }
        assertTrue(lines(file) < 150, "b compacted the file");
        assertEquals(List.of("b2", "b1"), ids(a.query(IndexFilter.all(), 0, 10)));
        assertEquals("job#2", a.get("b2").orElseThrow().runId());
        assertEquals(b.get("b2").orElseThrow(), a.get("b2").orElseThrow());
        a.put(build("b3", "job#3", "org.example.C", "failed", "beta", T0 + 2));
        assertEquals(3, b.size());
        assertNotEquals(before, a.stats().fileBytes());
        a.close();
        assertEquals(3, a.size(), "a closed index opens again on use");
    }

    @Test
    void aLineCutShortByACrashNeitherCountsNorSwallowsTheNextLine() throws Exception {
        Path file = FlatpakTestEnv.tempDir("index").resolve("index.jsonl");
        RecordIndex index = new RecordIndex(file);
        index.put(build("b1", "ok#1", "org.example.Ok", "built", "beta", T0));
        Files.writeString(file, "{\"buildId\":\"b9\",\"runId\":\"x#1\",\"appId\":\"org.exa", StandardOpenOption.APPEND);
        assertEquals(List.of("b1"), ids(new RecordIndex(file).query(IndexFilter.all(), 0, 10)));
        assertEquals(1, index.size(), "the incomplete line is not read");
        new RecordIndex(file).put(build("b2", "ok#2", "org.example.Ok", "built", "beta", T0 + 1));
        assertEquals(List.of("b2", "b1"), ids(index.query(IndexFilter.all(), 0, 10)));
        assertEquals(List.of("b2", "b1"), ids(new RecordIndex(file).query(IndexFilter.all(), 0, 10)));
        Files.writeString(file, "not json\n\n{\"no\":\"id\"}\n", StandardOpenOption.APPEND);
        assertEquals(2, new RecordIndex(file).size());
    }

    @Test
    void aCreationTimeThatChangesMovesTheBuild() {
        RecordIndex index = new RecordIndex(FlatpakTestEnv.tempDir("index").resolve("index.jsonl"));
        for (int i = 0; i < 5; i++) {
            index.put(build("b" + i, null, "org.example.A", "built", null, T0 + i));
        }
        index.put(build("b4", null, "org.example.A", "built", null, T0 - 1));
        index.put(build("b0", null, "org.example.A", "built", null, T0 + 10));
        assertEquals(List.of("b0", "b3", "b2", "b1", "b4"), ids(index.query(IndexFilter.all(), 0, 10)));
    }

    @Test
    void eachRefShowsItsLatestPublish() throws Exception {
        Path file = FlatpakTestEnv.tempDir("index").resolve("index.jsonl");
        RecordIndex index = new RecordIndex(file);
        String app = "app/org.example.P/x86_64/stable";
        String locale = "runtime/org.example.P.Locale/x86_64/stable";
        index.put(published("p1", "job#1", "beta", T0, Map.of(app, "a".repeat(64), locale, "b".repeat(64))));
        index.put(published("p2", "job#2", "beta", T0 + 10, Map.of(app, "c".repeat(64))));
        index.put(published("p0", "job#0", "beta", T0 - 10, Map.of(app, "0".repeat(64)))); // older, indexed later
        index.put(published("s1", "job#3", "stable", T0 + 20, Map.of(app, "d".repeat(64))));
        index.put(build("f1", "job#4", "org.example.P", "failed", "beta", T0 + 30));
        List<LatestPublish> beta = index.published("beta");
        assertEquals(List.of(app, locale), beta.stream().map(LatestPublish::ref).toList());
        assertEquals("c".repeat(64), beta.get(0).commit());
        assertEquals("p2", beta.get(0).build().buildId());
        assertEquals("job#2", beta.get(0).build().runId());
        assertEquals("p1", beta.get(1).build().buildId());
        assertEquals(List.of(), index.published("nowhere"));
        assertEquals(beta, new RecordIndex(file).published("beta"));

        // Published is final, but should p2's line ever say otherwise, the latest publishes are worked out again.
        index.put(build("p2", null, "org.example.P", "failed", "beta", T0 + 10 - 5000));
        List<LatestPublish> after = index.published("beta");
        assertEquals("p1", after.get(0).build().buildId());
        assertEquals("a".repeat(64), after.get(0).commit());
        assertEquals(after, new RecordIndex(file).published("beta"));
    }

    @Test
    void aLineLongerThanTheReadBufferIsRead() {
        Path file = FlatpakTestEnv.tempDir("index").resolve("index.jsonl");
        RecordIndex index = new RecordIndex(file);
        Map<String, String> refs = new LinkedHashMap<>();
        for (int i = 0; i < 20_000; i++) {
            refs.put("app/org.example.P" + i + "/x86_64/stable", "e".repeat(64));
        }
        index.put(build("b0", null, "org.example.A", "built", null, T0));
        index.put(published("big", "job#1", "beta", T0 + 5001, refs)); // created at T0 + 1
        index.put(build("b2", null, "org.example.A", "built", null, T0 + 2));
        RecordIndex reread = new RecordIndex(file);
        assertEquals(List.of("b2", "big", "b0"), ids(reread.query(IndexFilter.all(), 0, 10)));
        assertEquals(20_000, reread.get("big").orElseThrow().published().size());
        assertTrue(reread.stats().fileBytes() > 2_000_000);
    }

    @Test
    void aHundredThousandBuildsLoadAndQueryCorrectly() {
        Path file = FlatpakTestEnv.tempDir("index").resolve("index.jsonl");
        Map<String, IndexedBuild> want = SyntheticIndex.write(file, 100_000, 42);
        long start = System.nanoTime();
        RecordIndex index = new RecordIndex(file);
        assertEquals(100_000, index.size());
        long loaded = System.nanoTime() - start;
        List<IndexFilter> filters = List.of(IndexFilter.all(), IndexFilter.all().status("failed"),
                IndexFilter.all().appId("tool17"), IndexFilter.all().repo("nightly").status("published"),
                IndexFilter.all().visibleRuns(SyntheticIndex::readable),
                IndexFilter.all().status("built").repo("beta").visibleRuns(SyntheticIndex::readable));
        long queries = 0;
        for (IndexFilter f : filters) {
            List<IndexedBuild> all = expected(want.values(), f);
            for (int offset : new int[] {0, 50, all.size() / 2, Math.max(0, all.size() - 20)}) {
                long t = System.nanoTime();
                IndexPage page = index.page(f, offset, 50);
                queries = Math.max(queries, System.nanoTime() - t);
                assertEquals(all.size(), page.total(), f.toString());
                assertEquals(all.subList(offset, Math.min(offset + 50, all.size())), page.builds(), f + " at " + offset);
            }
        }
        IndexedBuild somePublished = want.values().stream().filter(b -> b.status().equals("published")).findFirst().orElseThrow();
        assertEquals(somePublished, index.get(somePublished.buildId()).orElseThrow());
        String ref = somePublished.published().keySet().iterator().next();
        IndexedBuild latest = want.values().stream()
                .filter(b -> b.published().containsKey(ref) && b.repo().equals(somePublished.repo()))
                .max(Comparator.comparingLong(IndexedBuild::publishedAt)).orElseThrow();
        LatestPublish shown = index.published(somePublished.repo()).stream().filter(p -> p.ref().equals(ref))
                .findFirst().orElseThrow();
        assertEquals(latest.buildId(), shown.build().buildId());
        assertFalse(index.published("stable").isEmpty());
        RecordIndex.Stats stats = index.stats();
        System.out.printf(Locale.ROOT, "100k index: loaded in %.1f ms, slowest page %.3f ms, %s%n", loaded / 1e6,
                queries / 1e6, stats);
    }
}
