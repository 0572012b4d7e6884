package io.jenkins.plugins.flatpak.jenkins.steps;

import hudson.model.TaskListener;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import java.io.PrintStream;

/** Engine output to a build's console, one line at a time. */
final class ConsoleSink implements OutputSink {
    private final PrintStream out;

    ConsoleSink(TaskListener listener) {
        this.out = listener.getLogger();
    }

    @Override
    public void line(String line) {
        synchronized (out) {
            out.println(line);
        }
    }
}
