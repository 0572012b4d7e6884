package io.jenkins.plugins.flatpak.jenkins.model;

import java.util.List;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/** One page of the filtered build list. {@code page} counts from 1. */
@ExportedBean(defaultVisibility = 2)
public final class BuildPage {
    private final List<BuildRow> rows;
    private final int page;
    private final int pageSize;
    private final int total;

    BuildPage(List<BuildRow> rows, int page, int pageSize, int total) {
        this.rows = List.copyOf(rows);
        this.page = page;
        this.pageSize = pageSize;
        this.total = total;
    }

    @Exported(inline = true)
    public List<BuildRow> getBuilds() {
        return rows;
    }

    @Exported
    public int getPage() {
        return page;
    }

    @Exported
    public int getPageSize() {
        return pageSize;
    }

    /** How many builds the viewer may see that match the filter. */
    @Exported
    public int getTotal() {
        return total;
    }

    @Exported
    public int getPageCount() {
        return Math.max(1, (total + pageSize - 1) / pageSize);
    }

    public boolean isHasPrevious() {
        return page > 1;
    }

    public boolean isHasNext() {
        return page < getPageCount();
    }
}
