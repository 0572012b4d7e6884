package io.jenkins.plugins.flatpak.jenkins.model;

import io.jenkins.plugins.flatpak.engine.index.IndexFilter;
import io.jenkins.plugins.flatpak.engine.index.IndexPage;
import io.jenkins.plugins.flatpak.engine.index.IndexedBuild;
import io.jenkins.plugins.flatpak.engine.index.LatestPublish;
import io.jenkins.plugins.flatpak.engine.index.RecordIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * What the management page shows, computed from the {@link BuildIndex} alone: builds filtered by status, app id
 * and repository, newest first, paged; and the refs each repository has published. Builds of runs the viewer
 * may not read are left out entirely (they neither show nor count). Readability is decided per job, as
 * Jenkins decides it (a run's permissions are its job's): the index asks {@link RunAccess} about one run of each
 * job it meets while it pages, once per query, so a page costs one permission check per job, not per build.
 */
public final class BuildQuery {
    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 500;

    private final BuildIndex index;
    private final RunAccess access;

    public BuildQuery(BuildIndex index, RunAccess access) {
        this.index = index;
        this.access = access;
    }

    /**
     * @param status  a status id ({@code published}) or null/empty for any
     * @param appId   an exact app id or a part of one (case-insensitive), or null/empty for any
     * @param repo    a repository name, or null/empty for any
     * @param page    1-based; out-of-range values are clamped
     */
    public BuildPage builds(String status, String appId, String repo, int page, int pageSize) {
        int size = pageSize <= 0 ? DEFAULT_PAGE_SIZE : Math.min(pageSize, MAX_PAGE_SIZE);
        IndexFilter filter = IndexFilter.all().status(status).appId(appId).repo(repo)
                .visibleRuns(runId -> runId != null && access.find(runId) != null);
        RecordIndex builds = index.engineIndex();
        int wanted = Math.max(1, page);
        IndexPage found = builds.page(filter, offset(wanted, size), size);
        int pages = Math.max(1, (int) ((found.total() + (long) size - 1) / size));
        int p = Math.min(wanted, pages);
        if (p != wanted) {
            found = builds.page(filter, offset(p, size), size);
        }
        List<BuildRow> rows = new ArrayList<>(found.builds().size());
        for (IndexedBuild b : found.builds()) {
            RunLink run = access.find(b.runId());
            if (run != null) { // readable job: the run is, unless the access says otherwise for this one
                rows.add(new BuildRow(IndexEntry.of(b), run));
            }
        }
        return new BuildPage(rows, p, size, found.total());
    }

    /**
     * Each ref published into the repository, as its latest publish left it, sorted by ref. The ref, its commit and
     * when it was published are public (anyone who can reach the repository sees them); the build and its run are
     * the job's: both are null when the viewer may not read the run.
     */
    public List<PublishedRef> publishedRefs(String repo) {
        List<PublishedRef> refs = new ArrayList<>();
        for (LatestPublish p : index.engineIndex().published(repo)) {
            IndexedBuild b = p.build();
            RunLink run = access.find(b.runId());
            refs.add(new PublishedRef(p.ref(), p.commit(), run == null ? null : b.buildId(), b.publishedAt(), run));
        }
        return refs;
    }

    private static int offset(int page, int size) {
        return (int) Math.min(Integer.MAX_VALUE, (page - 1L) * size);
    }
}
