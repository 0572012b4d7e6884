package io.jenkins.plugins.flatpak.jenkins.steps;

import hudson.model.Run;
import io.jenkins.plugins.flatpak.engine.Names;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.jenkins.config.AllowedJobs;
import io.jenkins.plugins.flatpak.jenkins.model.BuildIndex;
import io.jenkins.plugins.flatpak.jenkins.model.IndexEntry;

/**
 * Who may commit and publish a build. A build belongs to the job whose run made it ({@link BuildRecord#getJob}).
 * Only that job commits it. A job publishes only into a repository whose <em>Allowed jobs</em> allow it (any job
 * when the list is empty), and publishes another job's build only when that list is set and allows both jobs.
 * Each {@code *Problem} says why a step is refused (naming the build, its job and what to configure), or null.
 */
final class BuildOwnership {
    private static final String WHERE = "under Manage Jenkins » System » Flatpak";

    private BuildOwnership() {}

    /** The full name of the run's job ({@code folder/job}): the externalizable id is {@code <full name>#<number>}. */
    static String jobOf(Run<?, ?> run) {
        String id = run.getExternalizableId();
        return id.substring(0, id.lastIndexOf('#'));
    }

    static int numberOf(Run<?, ?> run) {
        String id = run.getExternalizableId();
        return Integer.parseInt(id.substring(id.lastIndexOf('#') + 1));
    }

    /**
     * The job that made the build: as its record says, or, for a build recorded before records named their job,
     * the job of the run that the build step linked it to in the index; null when neither knows.
     */
    static String ownerOf(BuildRecord r, BuildIndex index) {
        if (r.getJob() != null) {
            return r.getJob();
        }
        try {
            return index.get(r.getId()).map(IndexEntry::jobFullName).orElse(null);
        } catch (RuntimeException e) {
            return null; // an unreadable index knows no owner: the build is treated as no job's
        }
    }

    /** Why {@code job} may not commit {@code r} (made by {@code owner}), or null. */
    static String commitProblem(String job, BuildRecord r, String owner) {
        if (job.equals(owner)) {
            return null;
        }
        return madeBy(r, owner, job) + "; only the job that made a build commits it: "
                + (owner == null ? "build it in this job with flatpakBuild" : "run flatpakCommit in " + Names.quote(owner));
    }

    /** Why {@code job} may not publish into {@code repo} at all, or null. */
    static String repositoryProblem(String job, String repo, AllowedJobs allowed) {
        if (allowed.allows(job)) {
            return null;
        }
        return "job " + Names.quote(job) + " may not publish into repository " + Names.quote(repo)
                + ": its allowed jobs are " + allowed.describe() + "; to let it, add " + Names.quote(job)
                + " or its folder to Allowed jobs of repository " + Names.quote(repo) + " " + WHERE;
    }

    /** Why {@code job} may not publish {@code r} (made by {@code owner}) into {@code repo}, or null. */
    static String publishProblem(String job, String repo, AllowedJobs allowed, BuildRecord r, String owner) {
        String refused = repositoryProblem(job, repo, allowed);
        if (refused != null || job.equals(owner)) {
            return refused;
        }
        if (owner != null && allowed.isRestricted() && allowed.allows(owner)) {
            return null;
        }
        if (owner == null) {
            return madeBy(r, null, job) + "; publish builds made outside Jenkins with the command-line runner";
        }
        return madeBy(r, owner, job) + "; a job publishes another job's build only into a repository whose Allowed jobs"
                + " list both jobs: add " + Names.quote(owner) + " and " + Names.quote(job)
                + " (or a folder holding both) to Allowed jobs of repository " + Names.quote(repo) + " " + WHERE;
    }

    private static String madeBy(BuildRecord r, String owner, String job) {
        if (owner == null) {
            return "build " + r.getId() + " was not made by a Jenkins job (its record names none), and this job is "
                    + Names.quote(job);
        }
        return "build " + r.getId() + " was made by job " + Names.quote(owner)
                + (r.getJob() != null && r.getRunNumber() != null ? " (run #" + r.getRunNumber() + ")" : "")
                + ", not by this job " + Names.quote(job);
    }
}
