package io.jenkins.plugins.flatpak.jenkins.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the management page shows, computed from the {@link BuildIndex} alone: builds filtered by status, app id
 * and repository, newest first, paged; and the refs each repository has published. Builds of runs the viewer
 * may not read are left out entirely (they neither show nor count).
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
        String statusFilter = blankToNull(status);
        String appFilter = blankToNull(appId) == null ? null : appId.trim().toLowerCase(Locale.ROOT);
        String repoFilter = blankToNull(repo);
        List<BuildRow> visible = new ArrayList<>();
        for (IndexEntry e : index.newestFirst()) {
            if (statusFilter != null && !statusFilter.equals(e.status())) {
                continue;
            }
            if (appFilter != null && (e.appId() == null || !e.appId().toLowerCase(Locale.ROOT).contains(appFilter))) {
                continue;
            }
            if (repoFilter != null && !repoFilter.equals(e.repo())) {
                continue;
            }
            RunLink run = access.find(e.runId());
            if (run == null) {
                continue;
            }
            visible.add(new BuildRow(e, run));
        }
        int pages = Math.max(1, (visible.size() + size - 1) / size);
        int p = Math.min(Math.max(1, page), pages);
        int from = (p - 1) * size;
        List<BuildRow> rows = visible.subList(Math.min(from, visible.size()), Math.min(from + size, visible.size()));
        return new BuildPage(rows, p, size, visible.size());
    }

    /**
     * Each ref published into the repository, as its latest publish left it, sorted by ref. The run is null when
     * the viewer may not read it; the ref itself is public (anyone who can reach the repository sees it).
     */
    public List<PublishedRef> publishedRefs(String repo) {
        Map<String, PublishedRef> latest = new LinkedHashMap<>();
        List<IndexEntry> published = new ArrayList<>();
        for (IndexEntry e : index.newestFirst()) {
            if ("published".equals(e.status()) && repo.equals(e.repo())) {
                published.add(e);
            }
        }
        published.sort((a, b) -> Long.compare(b.publishedAt(), a.publishedAt()));
        for (IndexEntry e : published) {
            for (Map.Entry<String, String> ref : e.published().entrySet()) {
                latest.computeIfAbsent(ref.getKey(), k -> new PublishedRef(k, ref.getValue(), e.buildId(),
                        e.publishedAt(), access.find(e.runId())));
            }
        }
        List<PublishedRef> refs = new ArrayList<>(latest.values());
        refs.sort((a, b) -> a.getRef().compareTo(b.getRef()));
        return refs;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
