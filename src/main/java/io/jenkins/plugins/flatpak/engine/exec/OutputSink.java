package io.jenkins.plugins.flatpak.engine.exec;

/** Receives a tool's output one line at a time, already masked. */
@FunctionalInterface
public interface OutputSink {
    void line(String line);

    OutputSink DISCARD = line -> {};
}
