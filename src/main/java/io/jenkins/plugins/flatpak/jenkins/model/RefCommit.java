package io.jenkins.plugins.flatpak.jenkins.model;

import java.io.Serializable;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/** An OSTree ref and the commit it points to. */
@ExportedBean(defaultVisibility = 3)
public final class RefCommit implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String ref;
    private final String commit;

    public RefCommit(String ref, String commit) {
        this.ref = ref;
        this.commit = commit;
    }

    @Exported
    public String getRef() {
        return ref;
    }

    @Exported
    public String getCommit() {
        return commit;
    }

    /** The first 12 characters of the commit, as people read them. */
    public String getShortCommit() {
        return commit == null || commit.length() <= 12 ? commit : commit.substring(0, 12);
    }
}
