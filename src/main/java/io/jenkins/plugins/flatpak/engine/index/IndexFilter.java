package io.jenkins.plugins.flatpak.engine.index;

import java.util.Locale;
import java.util.function.Predicate;

/**
 * Which builds a {@link RecordIndex} query returns. Immutable; a blank or null value means "any".
 * <ul>
 * <li>{@code status}: an exact status id ({@code published});
 * <li>{@code appId}: an app id or any part of one, case-insensitive;
 * <li>{@code repo}: an exact repository name;
 * <li>{@code visibleRuns}: whether the viewer may see the builds of a run. It is asked about one run of each run
 * group (a run id up to its last {@code #}, e.g. a Jenkins job) once per query, and the answer stands for the
 * whole group, as a Jenkins run's permissions are its job's. Builds no run claimed are asked about as
 * {@code null}.
 * </ul>
 */
public final class IndexFilter {
    private static final IndexFilter ALL = new IndexFilter(null, null, null, null);

    private final String status;
    private final String appIdPart;
    private final String repo;
    private final Predicate<String> visibleRuns;

    private IndexFilter(String status, String appIdPart, String repo, Predicate<String> visibleRuns) {
        this.status = status;
        this.appIdPart = appIdPart;
        this.repo = repo;
        this.visibleRuns = visibleRuns;
    }

    /** Every build. */
    public static IndexFilter all() {
        return ALL;
    }

    public IndexFilter status(String id) {
        return new IndexFilter(blankToNull(id), appIdPart, repo, visibleRuns);
    }

    public IndexFilter appId(String part) {
        String p = blankToNull(part);
        return new IndexFilter(status, p == null ? null : p.toLowerCase(Locale.ROOT), repo, visibleRuns);
    }

    public IndexFilter repo(String name) {
        return new IndexFilter(status, appIdPart, blankToNull(name), visibleRuns);
    }

    public IndexFilter visibleRuns(Predicate<String> runIdVisible) {
        return new IndexFilter(status, appIdPart, repo, runIdVisible);
    }

    public String status() {
        return status;
    }

    /** Lower case. */
    public String appIdPart() {
        return appIdPart;
    }

    public String repo() {
        return repo;
    }

    public Predicate<String> visibleRuns() {
        return visibleRuns;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Override
    public String toString() {
        return "IndexFilter[status=" + status + ", appId~" + appIdPart + ", repo=" + repo
                + (visibleRuns == null ? "" : ", visible runs only") + "]";
    }
}
