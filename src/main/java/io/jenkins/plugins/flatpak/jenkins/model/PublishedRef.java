package io.jenkins.plugins.flatpak.jenkins.model;

import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/** A ref as last published into a repository, with the build and run that published it. */
@ExportedBean(defaultVisibility = 2)
public final class PublishedRef {
    private final String ref;
    private final String commit;
    private final String buildId;
    private final long publishedAt;
    private final RunLink run;

    PublishedRef(String ref, String commit, String buildId, long publishedAt, RunLink run) {
        this.ref = ref;
        this.commit = commit;
        this.buildId = buildId;
        this.publishedAt = publishedAt;
        this.run = run;
    }

    @Exported
    public String getRef() {
        return ref;
    }

    @Exported
    public String getCommit() {
        return commit;
    }

    public String getShortCommit() {
        return commit == null || commit.length() <= 12 ? commit : commit.substring(0, 12);
    }

    /** The build that published it, or null when the viewer may not read its run. */
    @Exported
    public String getBuildId() {
        return buildId;
    }

    @Exported
    public long getPublishedAt() {
        return publishedAt;
    }

    public java.util.Date getPublishedDate() {
        return new java.util.Date(publishedAt);
    }

    /** The run that published it, or null when the viewer may not read it (or it was deleted). */
    @Exported(inline = true)
    public RunLink getRun() {
        return run;
    }
}
