package io.jenkins.plugins.flatpak.engine.publish;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolResult;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.gpg.GpgHome;
import io.jenkins.plugins.flatpak.engine.lock.PathLock;
import io.jenkins.plugins.flatpak.engine.repo.OstreeRepo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Copies the commits of one round of publish jobs into the target repository, signing each new commit, with
 * as few tool runs as possible: all refs that come from one build-repo go through a single
 * {@code flatpak build-commit-from --no-update-summary --src-repo=<build-repo> <target> <refs…>}, which pays
 * flatpak's start-up and GnuPG set-up once for the whole round.
 *
 * <p>Without {@code --src-ref}, build-commit-from copies what each ref of the build-repo points at, so the
 * build-repo's lock is held while it runs (imports cannot move a ref meanwhile), and only refs that point at
 * exactly the commit the job recorded go into the shared run; a ref that a later build has moved is copied
 * on its own by checksum ({@code --src-ref}). If the shared run fails, each job is retried on its own so
 * one bad build cannot fail the others. The caller holds the target's writer lock; the refs of the jobs of
 * one round are distinct.
 */
final class CommitImport {
    static final Duration TIMEOUT = Duration.ofMinutes(60);
    private static final Pattern COMMITTED = Pattern.compile("^(\\S+): ([0-9a-f]{64})$");
    private static final Pattern NO_CHANGE = Pattern.compile("^(\\S+): no change$");
    private static final Pattern CHECKSUM = Pattern.compile("[0-9a-f]{64}");

    private final OstreeRepo target;
    private final String targetName;
    private final GpgHome gpg;
    private final ToolRunner runner;

    CommitImport(OstreeRepo target, String targetName, GpgHome gpg, ToolRunner runner) {
        this.target = target;
        this.targetName = targetName;
        this.gpg = gpg;
        this.runner = runner;
    }

    /** Imports every job's refs, filling {@link PublishJob#published}; a job that cannot be imported is failed. */
    void run(List<PublishJob> jobs) {
        Map<Path, List<PublishJob>> byBuildRepo = new LinkedHashMap<>();
        for (PublishJob job : jobs) {
            byBuildRepo.computeIfAbsent(job.buildRepo, k -> new ArrayList<>()).add(job);
        }
        byBuildRepo.forEach(this::importFrom);
    }

    private void importFrom(Path buildRepo, List<PublishJob> jobs) {
        OstreeRepo source = new OstreeRepo(buildRepo, runner);
        try (PathLock sourceLock = source.lock()) {
            Map<String, PublishJob> shared = new LinkedHashMap<>();
            List<PublishJob> alone = new ArrayList<>();
            for (PublishJob job : jobs) {
                if (!verified(source, job)) {
                    continue;
                }
                boolean current = true;
                for (Map.Entry<String, String> e : job.refs.entrySet()) {
                    current &= e.getValue().equals(localRef(buildRepo, e.getKey()));
                }
                if (current) {
                    job.refs.keySet().forEach(ref -> shared.put(ref, job));
                } else {
                    alone.add(job);
                }
            }
            if (!shared.isEmpty()) {
                try {
                    copy(buildRepo, shared);
                } catch (RuntimeException e) {
                    List<PublishJob> retry = new ArrayList<>(new java.util.LinkedHashSet<>(shared.values()));
                    retry.forEach(j -> j.log.line("[flatpak] importing " + shared.size() + " refs together failed ("
                            + e.getMessage() + "); importing each build on its own"));
                    alone.addAll(0, retry);
                }
            }
            for (PublishJob job : alone) {
                try {
                    copyByChecksum(buildRepo, job);
                } catch (RuntimeException e) {
                    job.fail(e);
                }
            }
        } catch (RuntimeException e) {
            jobs.stream().filter(j -> !j.failed() && j.published.size() < j.refs.size()).forEach(j -> j.fail(e));
        }
    }

    /**
     * Checks every object the job's commits reach against its checksum once more, under the build-repo's lock
     * ({@link OstreeRepo#verifyObjects}; commit did it too): build-commit-from reads the build-repo as trusted, so an
     * object damaged since the commit would otherwise be copied and signed. A damaged build fails alone.
     */
    private static boolean verified(OstreeRepo source, PublishJob job) {
        try {
            source.verifyObjects(job.refs.values(), Cancellation.none());
            return true;
        } catch (RuntimeException e) {
            job.log.line("[flatpak] not published: " + e.getMessage());
            job.fail(e instanceof FlatpakException fe ? fe : new FlatpakException(e.toString(), e));
            return false;
        }
    }

    /**
     * The commit {@code refs/heads/<ref>} of a repository names, or null. Read directly rather than by one
     * {@code ostree rev-parse} per ref (a process each, 30-90 ms here): the answer only decides whether a ref
     * can go into the shared run, and anything unexpected (no such file, other content) sends it down the
     * by-checksum path, which is always right. A build-repo has no collection id, so build-commit-from
     * resolves its refs from {@code refs/heads} too.
     */
    static String localRef(Path repo, String ref) {
        try {
            String content = java.nio.file.Files.readString(repo.resolve("refs").resolve("heads").resolve(ref),
                    java.nio.charset.StandardCharsets.US_ASCII).trim();
            return CHECKSUM.matcher(content).matches() ? content : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** Copies what each ref points at in the build-repo; every ref belongs to the job it maps to. */
    private void copy(Path buildRepo, Map<String, PublishJob> refs) {
        Command c = command(buildRepo);
        c.endOfOptions().arg(target.path().toString());
        refs.keySet().forEach(c::arg);
        for (PublishJob job : new java.util.LinkedHashSet<>(refs.values())) {
            job.log.line("[flatpak] publishing " + String.join(", ", job.refs.keySet()) + " into " + targetName
                    + (refs.size() > job.refs.size() ? " together with " + (refs.size() - job.refs.size())
                            + " ref(s) of other builds" : ""));
        }
        OutputSink all = new RoutedLog(new ArrayList<>(new java.util.LinkedHashSet<>(refs.values())));
        record(runner.capture(c, TIMEOUT, all, Cancellation.none()), refs, all);
    }

    /** Copies each ref of one job by its exact checksum. */
    private void copyByChecksum(Path buildRepo, PublishJob job) {
        for (Map.Entry<String, String> e : job.refs.entrySet()) {
            job.log.line("[flatpak] publishing " + e.getKey() + " (" + e.getValue() + ") into " + targetName);
            Command c = command(buildRepo).option("--src-ref", e.getValue());
            c.endOfOptions().arg(target.path().toString()).arg(e.getKey());
            record(runner.capture(c, TIMEOUT, job.log, Cancellation.none()), Map.of(e.getKey(), job), job.log);
        }
    }

    private Command command(Path buildRepo) {
        // No --force: a retry of a publish that already landed finds no change and makes no new commit.
        Command c = Command.of("flatpak", "build-commit-from")
                .arg("--no-update-summary")
                .option("--src-repo", buildRepo.toString());
        if (gpg != null) {
            gpg.addSignOptions(c);
        }
        return c;
    }

    /** Reads build-commit-from's {@code <ref>: <commit>} / {@code <ref>: no change} lines into the jobs. */
    private void record(ToolResult result, Map<String, PublishJob> refs, OutputSink other) {
        for (String line : result.output()) {
            Matcher m = COMMITTED.matcher(line.trim());
            Matcher unchanged = NO_CHANGE.matcher(line.trim());
            PublishJob job = m.matches() ? refs.get(m.group(1)) : unchanged.matches() ? refs.get(unchanged.group(1)) : null;
            if (job == null) {
                other.line(line);
            } else if (m.matches()) {
                job.published.put(m.group(1), m.group(2));
                job.log.line("[flatpak] " + m.group(1) + " is commit " + m.group(2) + " in " + targetName);
            } else {
                job.log.line("[flatpak] " + unchanged.group(1) + " is unchanged in " + targetName);
            }
        }
        for (Map.Entry<String, PublishJob> e : refs.entrySet()) {
            if (!e.getValue().published.containsKey(e.getKey())) {
                String commit = target.revParse(e.getKey(), null);
                if (commit == null) {
                    throw new FlatpakException("publishing " + e.getKey() + " left no ref in " + targetName);
                }
                e.getValue().published.put(e.getKey(), commit);
            }
        }
    }
}
