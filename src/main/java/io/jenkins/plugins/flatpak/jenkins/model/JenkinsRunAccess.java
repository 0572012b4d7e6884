package io.jenkins.plugins.flatpak.jenkins.model;

import hudson.model.Job;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import jenkins.model.Jenkins;

/**
 * {@link RunAccess} for the current request's user. A run's permissions are its job's, and
 * {@code Jenkins.getItemByFullName} returns null for a job the user may not read (the check
 * {@code Run.fromExternalizableId} makes), so this resolves each job once and never loads a run from disk.
 * One instance serves one request.
 */
final class JenkinsRunAccess implements RunAccess {
    private final Map<String, Optional<Job<?, ?>>> jobs = new HashMap<>();

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
        String jobName = runId.substring(0, hash);
        Optional<Job<?, ?>> found = jobs.computeIfAbsent(jobName,
                n -> Optional.ofNullable(Jenkins.get().getItemByFullName(n, Job.class)));
        if (found.isEmpty()) {
            return null;
        }
        Job<?, ?> job = found.get();
        return new RunLink(runId, job.getFullDisplayName() + " #" + number, job.getUrl() + number + "/");
    }
}
