package io.jenkins.plugins.flatpak.engine.index;

import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the {@link RecordIndex} knows about one build: the facts a list of builds shows and filters on, without
 * loading the build's record. One line of the index file holds one of these.
 *
 * @param runId       what started the build, for a CI server {@code <job>#<number>} (a Jenkins run's
 *                    externalizable id), or null when nothing claimed it
 * @param status      a {@link io.jenkins.plugins.flatpak.engine.record.BuildStatus#id() status id}
 * @param repo        the repository the build targets or was published to, or null
 * @param createdAt   epoch milliseconds, 0 when unknown
 * @param updatedAt   epoch milliseconds of the change this line records
 * @param published   ref to commit in the target repository, once published (never null)
 * @param publishedAt epoch milliseconds, 0 before the build was published
 * @param error       the first line of the build's error (at most 300 characters), or null
 */
public record IndexedBuild(String runId, String buildId, String appId, String arch, String branch, String status,
        String repo, long createdAt, long updatedAt, Map<String, String> published, long publishedAt, String error) {
    static final int MAX_ERROR = 300;

    public IndexedBuild {
        Objects.requireNonNull(buildId, "buildId");
        published = published == null || published.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(published));
    }

    /** The record's current state as indexed now. */
    public static IndexedBuild of(String runId, BuildRecord r) {
        return new IndexedBuild(runId, r.getId(), r.getAppId(), r.getArch(), r.getBranch(),
                r.getStatus() == null ? null : r.getStatus().id(), r.getTargetRepo(), millis(r.getCreatedAt()),
                System.currentTimeMillis(), r.getPublished(), millis(r.getPublishedAt()), firstLine(r.getError()));
    }

    public IndexedBuild withRunId(String id) {
        return new IndexedBuild(id, buildId, appId, arch, branch, status, repo, createdAt, updatedAt, published,
                publishedAt, error);
    }

    /** Equal in everything but {@link #updatedAt}: writing it again would change nothing a reader uses. */
    public boolean sameAs(IndexedBuild o) {
        return o != null && Objects.equals(runId, o.runId) && buildId.equals(o.buildId)
                && Objects.equals(appId, o.appId) && Objects.equals(arch, o.arch)
                && Objects.equals(branch, o.branch) && Objects.equals(status, o.status)
                && Objects.equals(repo, o.repo) && createdAt == o.createdAt && published.equals(o.published)
                && publishedAt == o.publishedAt && Objects.equals(error, o.error);
    }

    private static long millis(Instant t) {
        return t == null ? 0 : t.toEpochMilli();
    }

    static String firstLine(String s) {
        if (s == null) {
            return null;
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > MAX_ERROR ? line.substring(0, MAX_ERROR) + "…" : line;
    }
}
