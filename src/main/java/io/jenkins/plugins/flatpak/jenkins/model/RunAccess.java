package io.jenkins.plugins.flatpak.jenkins.model;

/** Resolves the run ids of the build index for the current viewer. */
@FunctionalInterface
public interface RunAccess {
    /** The run, or null when it does not exist or the viewer may not read it. */
    RunLink find(String externalizableRunId);
}
