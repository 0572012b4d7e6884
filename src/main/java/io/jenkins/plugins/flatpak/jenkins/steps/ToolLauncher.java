package io.jenkins.plugins.flatpak.jenkins.steps;

import java.io.IOException;

/**
 * Starts processes for the agent through the step's {@code Launcher}. The controller exports it to the agent, where
 * the build runs ({@link AgentProcesses}); every call runs on the controller, where a container launcher (the
 * Kubernetes plugin's {@code container}, {@code withDockerContainer}) does its work.
 */
interface ToolLauncher {
    /** Starts the process; the handle is exported back to the caller. */
    LaunchedTool start(LaunchRequest request) throws IOException, InterruptedException;
}
