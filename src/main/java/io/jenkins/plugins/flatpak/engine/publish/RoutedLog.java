package io.jenkins.plugins.flatpak.engine.publish;

import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import java.util.List;

/**
 * The log of a tool run shared by several publish jobs: a line that names a ref goes to the log of the job
 * publishing it, any other line to every job's log.
 */
final class RoutedLog implements OutputSink {
    private final List<PublishJob> jobs;

    RoutedLog(List<PublishJob> jobs) {
        this.jobs = List.copyOf(jobs);
    }

    @Override
    public void line(String line) {
        for (PublishJob job : jobs) {
            for (String ref : job.refs.keySet()) {
                if (line.contains(ref)) {
                    job.log.line(line);
                    return;
                }
            }
        }
        jobs.forEach(j -> j.log.line(line));
    }
}
