package io.jenkins.plugins.flatpak.engine.commit;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.CancelledException;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.lock.PathLock;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.repo.BuildRepository;
import io.jenkins.plugins.flatpak.engine.repo.OstreeRepo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code flatpakCommit} checks before a build may be published: every recorded ref exists in the
 * build-repo at the recorded commit, and the metadata inside each commit names the expected id, arch and
 * branch, and the runtime an app needs. Refs and metadata are read from the repository's files (see
 * {@link OstreeRepo#catRootFile}): no tool runs unless the build-repo is not in archive mode.
 */
public final class CommitValidator {
    private CommitValidator() {}

    /**
     * Checks every object the build's commits reach against its checksum, under the build-repo's writer lock (so
     * nothing moves meanwhile): what import verified on the way in is verified again on the way out, so an object
     * damaged in the build-repo since (a disk error, a stray write) is never published. Returns the problem naming
     * the damaged or missing object, or nothing.
     */
    public static List<String> objectProblems(BuildRecord record, OstreeRepo buildRepo, OutputSink log,
            Cancellation cancel) {
        long start = System.nanoTime();
        OstreeRepo.VerifiedObjects verified;
        try (PathLock lock = buildRepo.lock()) {
            verified = buildRepo.verifyObjects(record.getRefs().values(), cancel);
        } catch (CancelledException e) {
            throw e;
        } catch (FlatpakException e) {
            return List.of(e.getMessage() + "; the build cannot be published: remove the damaged object with "
                    + "ostree fsck --delete --repo=" + buildRepo.path() + " and build again");
        }
        log.line(String.format(java.util.Locale.ROOT, "[flatpak] verified %d objects (%.1f MB) of %d commit(s) in %d ms",
                verified.objects(), verified.bytes() / 1e6, new java.util.HashSet<>(record.getRefs().values()).size(),
                (System.nanoTime() - start) / 1_000_000));
        return List.of();
    }

    /** Every problem found; empty when the build may be published. */
    public static List<String> problems(BuildRecord record, OstreeRepo buildRepo, Cancellation cancel) {
        List<String> problems = new ArrayList<>();
        if (record.getRefs().isEmpty()) {
            problems.add("the build recorded no refs");
            return problems;
        }
        if (record.appRef() == null) {
            problems.add("the build recorded no app ref for " + record.getAppId());
        }
        for (Map.Entry<String, String> e : record.getRefs().entrySet()) {
            String ref = e.getKey();
            String expected = e.getValue();
            String scoped = BuildRepository.buildRef(record.getId(), ref);
            String actual;
            try {
                actual = buildRepo.localRef(scoped); // the ref file itself: no ostree process per ref
            } catch (RuntimeException ex) {
                problems.add(ref + ": " + scoped + " cannot be read (" + ex.getMessage() + ")");
                continue;
            }
            if (actual == null) {
                problems.add(ref + ": not in the build-repo (" + scoped + " is missing)");
                continue;
            }
            if (!actual.equals(expected)) {
                problems.add(ref + ": build-repo has commit " + actual + ", the record says " + expected);
                continue;
            }
            String[] p = ref.split("/");
            String kind = p[0];
            String id = p[1];
            if (!id.equals(record.getAppId()) && !id.startsWith(record.getAppId() + ".")) {
                problems.add(ref + ": does not belong to " + record.getAppId());
            }
            if (!p[2].equals(record.getArch())) {
                problems.add(ref + ": arch " + p[2] + " is not the build's arch " + record.getArch());
            }
            if (!p[3].equals(record.getBranch())) {
                problems.add(ref + ": branch " + p[3] + " is not the build's branch " + record.getBranch());
            }
            Metadata md;
            try {
                md = Metadata.parse(buildRepo.catRootFile(actual, "metadata", cancel));
            } catch (RuntimeException ex) {
                problems.add(ref + ": commit " + actual + " has no readable metadata"
                        + (ex.getMessage() == null ? "" : " (" + ex.getMessage() + ")"));
                continue;
            }
            String group = kind.equals("app") ? "Application" : "Runtime";
            String name = md.get(group, "name");
            if (!id.equals(name)) {
                problems.add(ref + ": metadata [" + group + "] name is " + name + ", expected " + id);
            }
            if (kind.equals("app")) {
                String runtime = md.get(group, "runtime");
                if (runtime == null || runtime.isBlank()) {
                    problems.add(ref + ": metadata names no runtime");
                } else if (!runtime.contains("/" + record.getArch() + "/")) {
                    problems.add(ref + ": runtime " + runtime + " is not for arch " + record.getArch());
                }
            }
        }
        return problems;
    }
}
