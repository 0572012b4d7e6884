package io.jenkins.plugins.flatpak.jenkins.config;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules a Flatpak configuration obeys, as plain functions: each {@code *Problem} returns why a
 * value is refused, or null when it is fine. The form checks, the setters used by configuration as
 * code, and the form submission all apply these same rules.
 */
public final class RepositoryRules {
    private RepositoryRules() {}

    public static String nameProblem(String name) {
        try {
            Names.repoName(name);
            return null;
        } catch (InvalidInputException e) {
            return e.getMessage();
        }
    }

    /** An absolute directory path on the controller, without control characters or {@code ..} segments. */
    public static String pathProblem(String what, String path) {
        if (path == null || path.isEmpty()) {
            return "the " + what + " is required";
        }
        if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "invalid " + what + " " + Names.quote(path) + ": it contains control characters";
        }
        Path p;
        try {
            p = Path.of(path);
        } catch (InvalidPathException e) {
            return "invalid " + what + " " + Names.quote(path) + ": " + e.getReason();
        }
        if (!p.isAbsolute()) {
            return "invalid " + what + " " + Names.quote(path) + ": it must be an absolute path on the controller";
        }
        for (Path segment : p) {
            if (segment.toString().equals("..")) {
                return "invalid " + what + " " + Names.quote(path) + ": it must not contain '..'";
            }
        }
        if (p.getParent() == null) {
            return "invalid " + what + " " + Names.quote(path) + ": it must not be the root directory";
        }
        return null;
    }

    /** Optional; the URL flatpak clients use, as the engine's publish target accepts it. */
    public static String urlProblem(String url) {
        if (url == null || url.isEmpty()) {
            return null;
        }
        if (!url.matches("(https?|file)://[^\\s]+")) {
            return "invalid repository URL " + Names.quote(url) + ": use http(s):// or file://";
        }
        return null;
    }

    /** Optional; an OSTree collection id has the grammar of an application id ({@code org.example.Repo}). */
    public static String collectionIdProblem(String collectionId) {
        if (collectionId == null || collectionId.isEmpty()) {
            return null;
        }
        String problem = Names.appIdProblem(collectionId);
        return problem == null ? null : "invalid collection id " + Names.quote(collectionId) + ": " + problem;
    }

    /** Optional free text shown by flatpak clients; one line. */
    public static String titleProblem(String title) {
        if (title != null && title.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "invalid repository title " + Names.quote(title) + ": it must be a single line without control characters";
        }
        return null;
    }

    public static String pruneDepthProblem(int depth) {
        return depth < 0 ? "invalid prune depth " + depth + ": it must be 0 (keep everything) or more" : null;
    }

    /** Optional credentials id: ids are chosen by users, but never contain control characters. */
    public static String credentialsIdProblem(String id) {
        if (id != null && id.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "invalid credentials id " + Names.quote(id);
        }
        return null;
    }

    /** Optional; job full names, folders ({@code team/}) and patterns, one per line ({@link AllowedJobs}). */
    public static String allowedJobsProblem(String allowedJobs) {
        String problem = AllowedJobs.problem(allowedJobs);
        return problem == null ? null : problem + " (one job full name, folder/ or pattern per line)";
    }

    /** Every problem of one repository on its own, in field order. */
    public static List<String> problems(FlatpakRepositoryConfig repo) {
        List<String> problems = new ArrayList<>();
        add(problems, nameProblem(repo.getName()));
        add(problems, pathProblem("path of repository " + Names.quote(repo.getName()), repo.getPath()));
        add(problems, titleProblem(repo.getTitle()));
        add(problems, urlProblem(repo.getUrl()));
        add(problems, collectionIdProblem(repo.getCollectionId()));
        if (repo.getParentRepository() != null) {
            add(problems, nameProblem(repo.getParentRepository()));
        }
        add(problems, credentialsIdProblem(repo.getGpgCredentialsId()));
        add(problems, credentialsIdProblem(repo.getGpgPassphraseCredentialsId()));
        add(problems, pruneDepthProblem(repo.getPruneDepth()));
        String allowed = allowedJobsProblem(repo.getAllowedJobs());
        add(problems, allowed == null ? null : "repository " + Names.quote(repo.getName()) + ": " + allowed);
        return problems;
    }

    /**
     * Checks a whole repository list: each repository, unique names, distinct non-nested directories
     * that are not inside the build-repo, parents that exist, and no parent cycles.
     *
     * @param buildRepo the build-repo directory in effect, or null when unknown
     * @throws InvalidInputException naming every problem found
     */
    public static void check(List<FlatpakRepositoryConfig> repos, Path buildRepo) {
        List<String> problems = new ArrayList<>();
        Map<String, FlatpakRepositoryConfig> byName = new HashMap<>();
        for (FlatpakRepositoryConfig repo : repos) {
            List<String> own = problems(repo);
            problems.addAll(own);
            if (repo.getName() != null && byName.putIfAbsent(repo.getName(), repo) != null) {
                problems.add("repository name " + Names.quote(repo.getName()) + " is used more than once");
            }
        }
        checkDirectories(repos, buildRepo, problems);
        for (FlatpakRepositoryConfig repo : repos) {
            String parent = repo.getParentRepository();
            if (parent == null) {
                continue;
            }
            if (parent.equals(repo.getName())) {
                problems.add("repository " + Names.quote(repo.getName()) + " cannot be its own parent");
            } else if (!byName.containsKey(parent)) {
                problems.add("the parent repository " + Names.quote(parent) + " of repository "
                        + Names.quote(repo.getName()) + " is not configured");
            } else if (inCycle(repo, byName)) {
                problems.add("repository " + Names.quote(repo.getName()) + " has a cycle in its chain of parent repositories");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(String.join("; ", problems));
        }
    }

    private static void checkDirectories(List<FlatpakRepositoryConfig> repos, Path buildRepo, List<String> problems) {
        List<FlatpakRepositoryConfig> valid = new ArrayList<>();
        for (FlatpakRepositoryConfig repo : repos) {
            if (pathProblem("path", repo.getPath()) == null) {
                valid.add(repo);
            }
        }
        for (int i = 0; i < valid.size(); i++) {
            Path a = Path.of(valid.get(i).getPath()).normalize();
            if (buildRepo != null && (a.startsWith(buildRepo) || buildRepo.startsWith(a))) {
                problems.add("the path of repository " + Names.quote(valid.get(i).getName())
                        + " overlaps the build-repo " + Names.quote(buildRepo.toString()));
            }
            for (int j = i + 1; j < valid.size(); j++) {
                Path b = Path.of(valid.get(j).getPath()).normalize();
                if (a.startsWith(b) || b.startsWith(a)) {
                    problems.add("repositories " + Names.quote(valid.get(i).getName()) + " and "
                            + Names.quote(valid.get(j).getName()) + " use the same or nested directories");
                }
            }
        }
    }

    private static boolean inCycle(FlatpakRepositoryConfig start, Map<String, FlatpakRepositoryConfig> byName) {
        Set<String> seen = new HashSet<>();
        FlatpakRepositoryConfig current = start;
        while (current != null && current.getParentRepository() != null) {
            if (!seen.add(current.getName())) {
                return true;
            }
            current = byName.get(current.getParentRepository());
        }
        return false;
    }

    private static void add(List<String> problems, String problem) {
        if (problem != null) {
            problems.add(problem);
        }
    }
}
