package io.jenkins.plugins.flatpak.jenkins.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of the cross-job {@link BuildIndex}: which run a build belongs to and the facts the management page
 * filters on, so that page never loads runs or records to list builds.
 *
 * @param runId     {@code Run.getExternalizableId()} ({@code folder/job#12}), or null for a build no run claimed
 * @param published ref to commit in the target repository, once published
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IndexEntry(String runId, String buildId, String appId, String arch, String branch, String status,
        String repo, long createdAt, long updatedAt, Map<String, String> published, long publishedAt, String error) {

    public IndexEntry {
        published = published == null ? Map.of() : Map.copyOf(new LinkedHashMap<>(published));
    }

    static IndexEntry of(String runId, BuildRecord r) {
        return new IndexEntry(runId, r.getId(), r.getAppId(), r.getArch(), r.getBranch(),
                r.getStatus() == null ? null : r.getStatus().id(), r.getTargetRepo(), millis(r.getCreatedAt()),
                System.currentTimeMillis(), r.getPublished(), millis(r.getPublishedAt()), firstLine(r.getError()));
    }

    IndexEntry withRunId(String id) {
        return new IndexEntry(id, buildId, appId, arch, branch, status, repo, createdAt, updatedAt, published,
                publishedAt, error);
    }

    /** The job part of the run id ({@code folder/job}), or null. */
    public String jobFullName() {
        int hash = runId == null ? -1 : runId.lastIndexOf('#');
        return hash <= 0 ? null : runId.substring(0, hash);
    }

    /** The build number part of the run id, or -1. */
    public int runNumber() {
        int hash = runId == null ? -1 : runId.lastIndexOf('#');
        if (hash < 0) {
            return -1;
        }
        try {
            return Integer.parseInt(runId.substring(hash + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long millis(Instant t) {
        return t == null ? 0 : t.toEpochMilli();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return null;
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
