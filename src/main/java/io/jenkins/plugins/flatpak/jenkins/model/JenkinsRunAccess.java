package io.jenkins.plugins.flatpak.jenkins.model;

import hudson.model.Job;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import jenkins.model.Jenkins;
import org.springframework.security.access.AccessDeniedException;

/**
 * {@link RunAccess} for the current request's user. A run's permissions are its job's. {@code
 * Jenkins.getItemByFullName} returns null for a job the user may not see, and throws {@link AccessDeniedException}
 * for one they may discover but not read (Item/Discover without Item/Read, on the job or a folder above it): both
 * mean the run is not shown, so one such job never fails a whole page. Resolves each job once and never loads a
 * run from disk. One instance serves one request.
 */
final class JenkinsRunAccess implements RunAccess {
    /** A job as the viewer sees it: its name for people and its URL relative to the Jenkins root. */
    record JobLink(String fullDisplayName, String url) {}

    /** Finds a job by full name for the current user; null when absent or hidden; may throw for Discover-only. */
    @FunctionalInterface
    interface Jobs {
        JobLink find(String fullName) throws AccessDeniedException;
    }

    private final Jobs jobs;
    private final Map<String, Optional<JobLink>> found = new HashMap<>();

    JenkinsRunAccess() {
        this(JenkinsRunAccess::jenkinsJob);
    }

    JenkinsRunAccess(Jobs jobs) {
        this.jobs = jobs;
    }

    private static JobLink jenkinsJob(String fullName) {
        Job<?, ?> job = Jenkins.get().getItemByFullName(fullName, Job.class);
        return job == null ? null : new JobLink(job.getFullDisplayName(), job.getUrl());
    }

    @Override
    public RunLink find(String runId) {
        if (runId == null) {
            return null;
        }
        int hash = runId.lastIndexOf('#');
        if (hash <= 0) {
            return null;
        }
        int number;
        try {
            number = Integer.parseInt(runId.substring(hash + 1));
        } catch (NumberFormatException e) {
            return null;
        }
        Optional<JobLink> job = found.computeIfAbsent(runId.substring(0, hash), this::readable);
        return job.map(j -> new RunLink(runId, j.fullDisplayName() + " #" + number, j.url() + number + "/"))
                .orElse(null);
    }

    private Optional<JobLink> readable(String fullName) {
        try {
            return Optional.ofNullable(jobs.find(fullName));
        } catch (AccessDeniedException e) {
            return Optional.empty(); // the viewer may know the job exists, not read its runs
        }
    }
}
