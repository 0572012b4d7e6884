package io.jenkins.plugins.flatpak.jenkins.model;

import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/** A run the viewer may read: its id, a name for people and its URL relative to the Jenkins root. */
@ExportedBean(defaultVisibility = 3)
public final class RunLink {
    private final String id;
    private final String displayName;
    private final String url;

    public RunLink(String id, String displayName, String url) {
        this.id = id;
        this.displayName = displayName;
        this.url = url;
    }

    @Exported
    public String getId() {
        return id;
    }

    @Exported
    public String getDisplayName() {
        return displayName;
    }

    /** Relative to the Jenkins root URL, ending in {@code /}. */
    @Exported
    public String getUrl() {
        return url;
    }
}
