package io.jenkins.plugins.flatpak.jenkins.model;

import java.util.Locale;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/** One line of the management page's build list: an index entry and the run it belongs to. */
@ExportedBean(defaultVisibility = 2)
public final class BuildRow {
    private final IndexEntry entry;
    private final RunLink run;

    BuildRow(IndexEntry entry, RunLink run) {
        this.entry = entry;
        this.run = run;
    }

    @Exported
    public String getBuildId() {
        return entry.buildId();
    }

    @Exported
    public String getAppId() {
        return entry.appId();
    }

    @Exported
    public String getArch() {
        return entry.arch();
    }

    @Exported
    public String getBranch() {
        return entry.branch();
    }

    @Exported
    public String getStatus() {
        return entry.status();
    }

    public String getStatusText() {
        String s = entry.status();
        return s == null || s.isEmpty() ? "" : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }

    @Exported
    public String getRepository() {
        return entry.repo();
    }

    @Exported
    public long getCreatedAt() {
        return entry.createdAt();
    }

    public java.util.Date getCreatedDate() {
        return new java.util.Date(entry.createdAt());
    }

    @Exported
    public long getPublishedAt() {
        return entry.publishedAt();
    }

    @Exported
    public String getError() {
        return entry.error();
    }

    @Exported(inline = true)
    public RunLink getRun() {
        return run;
    }
}
