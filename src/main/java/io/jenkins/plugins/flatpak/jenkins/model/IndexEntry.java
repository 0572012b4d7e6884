package io.jenkins.plugins.flatpak.jenkins.model;

import io.jenkins.plugins.flatpak.engine.index.IndexedBuild;
import java.util.Map;

/**
 * One build of the cross-job {@link BuildIndex}: which run it belongs to and the facts the management page shows
 * and filters on, so that page never loads runs or records to list builds.
 *
 * @param runId     {@code Run.getExternalizableId()} ({@code folder/job#12}), or null for a build no run claimed
 * @param published ref to commit in the target repository, once published
 */
public record IndexEntry(String runId, String buildId, String appId, String arch, String branch, String status,
        String repo, long createdAt, long updatedAt, Map<String, String> published, long publishedAt, String error) {

    public IndexEntry {
        published = published == null ? Map.of() : published;
    }

    /** The engine's entry, as the Jenkins layer shows it. */
    static IndexEntry of(IndexedBuild b) {
        return new IndexEntry(b.runId(), b.buildId(), b.appId(), b.arch(), b.branch(), b.status(), b.repo(),
                b.createdAt(), b.updatedAt(), b.published(), b.publishedAt(), b.error());
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
}
