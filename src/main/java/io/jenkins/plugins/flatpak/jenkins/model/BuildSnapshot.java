package io.jenkins.plugins.flatpak.jenkins.model;

import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.PhaseTiming;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * A copy of an engine build record as the run last saw it, kept in the run's {@code build.xml} so the run page
 * still shows the build when the engine's records are gone. Holds no secret: user info is stripped from the git
 * URL and the record itself never holds key material.
 */
@ExportedBean(defaultVisibility = 2)
public final class BuildSnapshot implements Serializable {
    private static final long serialVersionUID = 1L;

    private String buildId;
    private String status;
    private String appId;
    private String arch;
    private String branch;
    private String manifest;
    private String gitUrl;
    private String gitBranch;
    private String sourceCommit;
    private long createdAt;
    private List<PhaseSnapshot> phases = new ArrayList<>();
    private List<RefCommit> refs = new ArrayList<>();
    private String targetRepo;
    private List<RefCommit> published = new ArrayList<>();
    private long publishedAt;
    private String error;
    private List<String> cachedModules = new ArrayList<>();
    private List<String> builtModules = new ArrayList<>();

    private BuildSnapshot() {}

    public static BuildSnapshot of(BuildRecord r) {
        BuildSnapshot s = new BuildSnapshot();
        s.buildId = r.getId();
        s.status = r.getStatus() == null ? null : r.getStatus().id();
        s.appId = r.getAppId();
        s.arch = r.getArch();
        s.branch = r.getBranch();
        s.manifest = r.getManifest();
        s.gitUrl = withoutUserInfo(r.getGitUrl());
        s.gitBranch = r.getGitBranch();
        s.sourceCommit = r.getSourceCommit();
        s.createdAt = millis(r.getCreatedAt());
        for (Map.Entry<String, PhaseTiming> e : r.getPhases().entrySet()) {
            PhaseTiming t = e.getValue();
            s.phases.add(new PhaseSnapshot(e.getKey(), millis(t.start()), millis(t.end())));
        }
        r.getRefs().forEach((ref, commit) -> s.refs.add(new RefCommit(ref, commit)));
        s.targetRepo = r.getTargetRepo();
        r.getPublished().forEach((ref, commit) -> s.published.add(new RefCommit(ref, commit)));
        s.publishedAt = millis(r.getPublishedAt());
        s.error = r.getError();
        s.cachedModules.addAll(r.getCachedModules());
        s.builtModules.addAll(r.getBuiltModules());
        return s;
    }

    /**
     * Drops {@code user:password@} from URL-style git URLs; scp-like {@code git@host:path} addresses carry no
     * secret and stay as they are.
     */
    static String withoutUserInfo(String url) {
        if (url == null || !url.contains("://")) {
            return url;
        }
        try {
            URI u = new URI(url);
            if (u.getRawUserInfo() == null) {
                return url;
            }
            return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), u.getQuery(), u.getFragment())
                    .toString();
        } catch (URISyntaxException e) {
            int at = url.indexOf('@');
            int scheme = url.indexOf("://");
            return at > scheme ? url.substring(0, scheme + 3) + url.substring(at + 1) : url;
        }
    }

    private static long millis(Instant t) {
        return t == null ? 0 : t.toEpochMilli();
    }

    @Exported(visibility = 3)
    public String getBuildId() {
        return buildId;
    }

    @Exported(visibility = 3)
    public String getStatus() {
        return status;
    }

    /** The status for people: {@code Published}, {@code Failed}, ... */
    public String getStatusText() {
        return status == null || status.isEmpty() ? "" : status.substring(0, 1).toUpperCase(Locale.ROOT) + status.substring(1);
    }

    /** The CSS class of the status badge (Jenkins' semantic colours). */
    public String getStatusClass() {
        if (status == null) {
            return "";
        }
        switch (status) {
            case "published":
            case "committed":
            case "built":
                return "jenkins-!-success-color";
            case "failed":
                return "jenkins-!-error-color";
            case "cancelled":
                return "jenkins-!-warning-color";
            default:
                return "jenkins-!-accent-color";
        }
    }

    public boolean isFinished() {
        return "published".equals(status) || "failed".equals(status) || "cancelled".equals(status);
    }

    @Exported(visibility = 3)
    public String getAppId() {
        return appId;
    }

    @Exported(visibility = 3)
    public String getArch() {
        return arch;
    }

    @Exported(visibility = 3)
    public String getBranch() {
        return branch;
    }

    @Exported
    public String getManifest() {
        return manifest;
    }

    @Exported
    public String getGitUrl() {
        return gitUrl;
    }

    @Exported
    public String getGitBranch() {
        return gitBranch;
    }

    @Exported
    public String getSourceCommit() {
        return sourceCommit;
    }

    @Exported
    public long getCreatedAt() {
        return createdAt;
    }

    @Exported
    public List<PhaseSnapshot> getPhases() {
        return Collections.unmodifiableList(phases);
    }

    @Exported
    public List<RefCommit> getRefs() {
        return Collections.unmodifiableList(refs);
    }

    @Exported(visibility = 3)
    public String getTargetRepo() {
        return targetRepo;
    }

    @Exported
    public List<RefCommit> getPublished() {
        return Collections.unmodifiableList(published);
    }

    @Exported
    public long getPublishedAt() {
        return publishedAt;
    }

    @Exported(visibility = 3)
    public String getError() {
        return error;
    }

    @Exported
    public List<String> getCachedModules() {
        return Collections.unmodifiableList(cachedModules);
    }

    @Exported
    public List<String> getBuiltModules() {
        return Collections.unmodifiableList(builtModules);
    }

    /** The {@code app/...} ref, or null before the build exported one. */
    public String getAppRef() {
        return refs.stream().map(RefCommit::getRef).filter(r -> r.startsWith("app/")).findFirst().orElse(null);
    }

    /** {@code org.example.App x86_64/stable}, or the build id while nothing is known yet. */
    public String getTitle() {
        if (appId == null) {
            return buildId;
        }
        return appId + (arch == null ? "" : " " + arch + "/" + (branch == null ? "" : branch));
    }
}
