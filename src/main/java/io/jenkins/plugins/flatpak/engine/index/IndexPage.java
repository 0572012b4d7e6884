package io.jenkins.plugins.flatpak.engine.index;

import java.util.List;

/**
 * A slice of a query's result, newest first, with the number of builds the whole query matches.
 *
 * @param offset how many matching builds come before the first of {@code builds}
 */
public record IndexPage(List<IndexedBuild> builds, int offset, int total) {
    public IndexPage {
        builds = List.copyOf(builds);
    }
}
