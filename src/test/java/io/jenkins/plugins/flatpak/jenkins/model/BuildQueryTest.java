package io.jenkins.plugins.flatpak.jenkins.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.index.IndexedBuild;
import io.jenkins.plugins.flatpak.engine.index.SyntheticIndex;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.engine.record.RecordStore;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The management page's data: filters, paging, newest first, and only runs the viewer may read. */
class BuildQueryTest {
    private BuildIndex index;
    private final List<String> ids = new ArrayList<>();
    /** The viewer may read jobs "public/..." only. */
    private final RunAccess viewer = runId -> runId != null && runId.startsWith("public/")
            ? new RunLink(runId, runId, "job/" + runId.replace("#", "/") + "/") : null;

    @BeforeEach
    void index() throws InterruptedException {
        Path home = FlatpakTestEnv.tempDir("query");
        RecordStore store = new RecordStore(home);
        index = new BuildIndex(home.resolve("index.jsonl"));
        // 12 builds: apps A/B alternate, every third one published to beta (others to stable or nowhere).
        for (int i = 0; i < 12; i++) {
            BuildRecord r = new BuildRecord();
            r.setAppId(i % 2 == 0 ? "org.example.Alpha" : "org.example.Beta");
            r.setArch("x86_64");
            r.setBranch("stable");
            r = store.create(r);
            Thread.sleep(3); // distinct creation times: the list is ordered by them
            String job = (i % 4 == 3 ? "secret/job#" : "public/job#") + (i + 1);
            index.link(job, r);
            if (i % 3 == 0) {
                BuildRecord p = r;
                p.setStatus(BuildStatus.PUBLISHED);
                p.setTargetRepo("beta");
                p.setPublished(Map.of("app/" + p.getAppId() + "/x86_64/stable", String.valueOf(i).repeat(64).substring(0, 64)));
                p.setPublishedAt(Instant.ofEpochSecond(1_700_000_000L + i));
                index.update(p);
            }
            ids.add(r.getId());
        }
    }

    @Test
    void unreadableRunsAreNeitherShownNorCounted() {
        BuildPage page = new BuildQuery(index, viewer).builds(null, null, null, 1, 100);
        assertEquals(9, page.getTotal());
        assertEquals(9, page.getBuilds().size());
        assertEquals(Set.of(), page.getBuilds().stream().filter(b -> b.getRun().getId().startsWith("secret/"))
                .collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void filtersCombine() {
        BuildQuery q = new BuildQuery(index, viewer);
        assertEquals(3, q.builds("published", null, null, 1, 50).getTotal()); // 0, 6, 9 (3 is secret)
        assertEquals(2, q.builds("published", "alpha", null, 1, 50).getTotal()); // 0, 6
        assertEquals(1, q.builds("published", "org.example.Beta", "beta", 1, 50).getTotal()); // 9
        assertEquals(0, q.builds(null, null, "stable", 1, 50).getTotal());
        assertEquals(6, q.builds("created", null, null, 1, 50).getTotal());
    }

    @Test
    void pagesAreNewestFirstAndClamped() {
        BuildQuery q = new BuildQuery(index, viewer);
        BuildPage first = q.builds(null, null, null, 1, 4);
        BuildPage third = q.builds(null, null, null, 3, 4);
        BuildPage beyond = q.builds(null, null, null, 99, 4);
        assertEquals(3, first.getPageCount());
        assertEquals(4, first.getBuilds().size());
        List<String> order = new ArrayList<>();
        for (int p = 1; p <= 3; p++) {
            q.builds(null, null, null, p, 4).getBuilds().forEach(b -> order.add(b.getBuildId()));
        }
        List<String> expected = new ArrayList<>();
        for (int i = 11; i >= 0; i--) {
            if (i % 4 != 3) {
                expected.add(ids.get(i));
            }
        }
        assertEquals(expected, order, "newest first across pages, nothing twice, nothing missing");
        assertEquals(1, third.getBuilds().size());
        assertEquals(3, beyond.getPage());
        assertEquals(false, beyond.isHasNext());
        assertEquals(true, beyond.isHasPrevious());
    }

    @Test
    void publishedRefsShowTheLatestPublishOfEachRef() {
        List<PublishedRef> refs = new BuildQuery(index, viewer).publishedRefs("beta");
        assertEquals(2, refs.size());
        PublishedRef alpha = refs.get(0);
        assertEquals("app/org.example.Alpha/x86_64/stable", alpha.getRef());
        assertEquals(ids.get(6), alpha.getBuildId(), "build 6 published Alpha last");
        PublishedRef beta = refs.get(1);
        assertEquals(ids.get(9), beta.getBuildId());
        assertEquals("public/job#10", beta.getRun().getId());

        // A repository whose last publish came from a run the viewer cannot read: the ref shows, the run does not.
        List<PublishedRef> hidden = new BuildQuery(index, runId -> null).publishedRefs("beta");
        assertEquals(2, hidden.size());
        assertNull(hidden.get(0).getRun());
        assertNull(hidden.get(0).getBuildId(), "the build id of a run the viewer cannot read is not shown");
        assertEquals("app/org.example.Alpha/x86_64/stable", hidden.get(0).getRef());
    }
    @Test
    void readabilityIsAskedOncePerJobWhilePaging() {
        List<String> asked = new ArrayList<>();
        RunAccess counting = runId -> {
            asked.add(runId);
            return viewer.find(runId);
        };
        BuildPage page = new BuildQuery(index, counting).builds(null, null, null, 1, 4);
        assertEquals(9, page.getTotal());
        assertEquals(4, page.getBuilds().size());
        // one question for each of the two jobs, then one for each row shown (for its link)
        assertEquals(2 + 4, asked.size(), asked.toString());
    }

    @Test
    void aLargeIndexPagesAndCountsOnlyReadableRunsNewestFirst() {
        Path home = FlatpakTestEnv.tempDir("query-large");
        Path file = home.resolve(FlatpakHome.INDEX_FILE);
        Map<String, IndexedBuild> all = SyntheticIndex.write(file, 20_000, 5);
        int[] asked = {0};
        RunAccess reader = runId -> {
            asked[0]++;
            return SyntheticIndex.readable(runId) ? new RunLink(runId, runId, "job/x/") : null;
        };
        List<IndexedBuild> expected = all.values().stream()
                .filter(b -> "failed".equals(b.status()) && SyntheticIndex.readable(b.runId()))
                .sorted(Comparator.comparingLong(IndexedBuild::createdAt).thenComparing(IndexedBuild::buildId).reversed())
                .toList();
        BuildPage third = new BuildQuery(new BuildIndex(file), reader).builds("failed", null, null, 3, 50);
        assertEquals(expected.size(), third.getTotal());
        assertEquals(expected.subList(100, 150).stream().map(IndexedBuild::buildId).toList(),
                third.getBuilds().stream().map(BuildRow::getBuildId).toList());
        assertTrue(asked[0] <= 200 + 50, asked[0] + " permission questions for 200 jobs and 50 rows");
        assertTrue(third.getBuilds().stream().noneMatch(r -> r.getRun().getId().startsWith(SyntheticIndex.HIDDEN_FOLDER)));
    }
}
