package io.jenkins.plugins.flatpak.jenkins.config;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The jobs that may publish into a repository, as its <em>Allowed jobs</em> field lists them, one entry per line:
 * <ul>
 * <li>{@code team/app}: that job (its full name);</li>
 * <li>{@code team/}: every job inside the folder {@code team}, at any depth (multibranch branches too);</li>
 * <li>patterns: {@code *} matches within one name (never {@code /}), {@code **} across folders, as in
 * {@code team/*-release} or {@code apps/**}.</li>
 * </ul>
 * No entry means any job may publish there. Matching takes time proportional to the entry's length times the
 * job name's, whatever the pattern.
 */
public final class AllowedJobs {
    /** Any job: a repository that lists no allowed jobs. */
    public static final AllowedJobs ANY = new AllowedJobs(List.of());

    static final int MAX_ENTRIES = 500;
    static final int MAX_ENTRY_LENGTH = 512;
    private static final int STAR = -1;
    private static final int DOUBLE_STAR = -2;

    private final List<String> entries;

    private AllowedJobs(List<String> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * The entries of {@code text} (one per line; blank lines and surrounding spaces ignored).
     *
     * @throws InvalidInputException naming the first entry that is not a job name, folder or pattern
     */
    public static AllowedJobs parse(String text) {
        List<String> entries = entries(text);
        String problem = problem(entries);
        if (problem != null) {
            throw new InvalidInputException(problem);
        }
        return entries.isEmpty() ? ANY : new AllowedJobs(entries);
    }

    /** Why {@code text} is refused, or null when it is fine (also when it is empty: any job). */
    public static String problem(String text) {
        return problem(entries(text));
    }

    /** The text as stored: one entry per line, trimmed, without blank lines; null when there is none. */
    public static String normalize(String text) {
        List<String> entries = entries(text);
        return entries.isEmpty() ? null : String.join("\n", entries);
    }

    private static List<String> entries(String text) {
        List<String> entries = new ArrayList<>();
        if (text == null) {
            return entries;
        }
        for (String line : text.split("\r\n|\r|\n", -1)) {
            String entry = line.strip();
            if (!entry.isEmpty()) {
                entries.add(entry);
            }
        }
        return entries;
    }

    private static String problem(List<String> entries) {
        if (entries.size() > MAX_ENTRIES) {
            return "too many allowed jobs (" + entries.size() + "): list at most " + MAX_ENTRIES
                    + ", using folders or patterns";
        }
        for (String entry : entries) {
            String p = entryProblem(entry);
            if (p != null) {
                return "invalid allowed job " + Names.quote(entry) + ": " + p;
            }
        }
        return null;
    }

    private static String entryProblem(String entry) {
        if (entry.length() > MAX_ENTRY_LENGTH) {
            return "it is longer than " + MAX_ENTRY_LENGTH + " characters";
        }
        if (entry.chars().anyMatch(c -> c < 0x20 || c == 0x7f || Character.getType(c) == Character.FORMAT)) {
            return "it contains control or format characters";
        }
        if (entry.startsWith("/")) {
            return "give the job's full name without a leading '/', as in 'folder/job'";
        }
        String body = entry.endsWith("/") ? entry.substring(0, entry.length() - 1) : entry;
        for (String segment : body.split("/", -1)) {
            if (segment.isEmpty()) {
                return "it has an empty name between two '/'";
            }
            if (segment.equals(".") || segment.equals("..")) {
                return "'" + segment + "' is not a job or folder name";
            }
            if (segment.contains("***")) {
                return "use '*' within a name or '**' across folders";
            }
        }
        return null;
    }

    /** Whether the repository restricts who publishes into it (false: any job may). */
    public boolean isRestricted() {
        return !entries.isEmpty();
    }

    public List<String> entries() {
        return entries;
    }

    /** Whether the job with this full name may publish; a null name (no job) never may into a restricted repository. */
    public boolean allows(String jobFullName) {
        if (!isRestricted()) {
            return true;
        }
        if (jobFullName == null) {
            return false;
        }
        for (String entry : entries) {
            if (matches(entry, jobFullName)) {
                return true;
            }
        }
        return false;
    }

    /** The entries quoted for a message: {@code 'team/', 'ops/publisher'}. */
    public String describe() {
        return isRestricted() ? entries.stream().map(Names::quote).collect(Collectors.joining(", ")) : "any job";
    }

    /** One entry against one job's full name; an entry ending in {@code /} is a folder: every job inside it. */
    static boolean matches(String entry, String job) {
        return glob(entry.endsWith("/") ? entry + "**" : entry, job);
    }

    /** {@code *} within a name, {@code **} across names; every other character as it is. No backtracking. */
    private static boolean glob(String pattern, String text) {
        List<Integer> tokens = new ArrayList<>();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                tokens.add(DOUBLE_STAR);
                i++;
            } else {
                tokens.add(c == '*' ? STAR : (int) c);
            }
        }
        int n = text.length();
        // matches[j]: the tokens from k on match text from j on; filled from the last token backwards
        boolean[] matches = new boolean[n + 1];
        matches[n] = true;
        for (int k = tokens.size() - 1; k >= 0; k--) {
            int token = tokens.get(k);
            boolean[] current = new boolean[n + 1];
            if (token == STAR || token == DOUBLE_STAR) {
                current[n] = matches[n];
                for (int j = n - 1; j >= 0; j--) {
                    current[j] = matches[j] || (token == DOUBLE_STAR || text.charAt(j) != '/') && current[j + 1];
                }
            } else {
                for (int j = 0; j < n; j++) {
                    current[j] = text.charAt(j) == token && matches[j + 1];
                }
            }
            matches = current;
        }
        return matches[0];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AllowedJobs && ((AllowedJobs) o).entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return "AllowedJobs" + entries;
    }
}
