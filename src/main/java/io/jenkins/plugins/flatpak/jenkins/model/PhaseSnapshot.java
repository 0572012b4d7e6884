package io.jenkins.plugins.flatpak.jenkins.model;

import java.io.Serializable;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/** When one phase of a Flatpak build (build, commit, publish) ran; times in epoch milliseconds, end 0 while running. */
@ExportedBean(defaultVisibility = 3)
public final class PhaseSnapshot implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final long start;
    private final long end;

    public PhaseSnapshot(String name, long start, long end) {
        this.name = name;
        this.start = start;
        this.end = end;
    }

    @Exported
    public String getName() {
        return name;
    }

    @Exported
    public long getStart() {
        return start;
    }

    @Exported
    public long getEnd() {
        return end;
    }

    /** The start as a date, for the page's date formatting. */
    public java.util.Date getStartDate() {
        return new java.util.Date(start);
    }

    public boolean isRunning() {
        return end == 0;
    }

    /** Duration in milliseconds, or -1 while the phase runs. */
    @Exported
    public long getDurationMillis() {
        return end == 0 ? -1 : end - start;
    }

    /** The duration for people: {@code 1 min 5 s}, {@code 12 s}, {@code 350 ms}, or {@code running}. */
    public String getDurationText() {
        return end == 0 ? "running" : Durations.describe(end - start);
    }
}
