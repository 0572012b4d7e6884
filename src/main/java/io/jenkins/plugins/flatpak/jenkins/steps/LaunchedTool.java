package io.jenkins.plugins.flatpak.jenkins.steps;

import java.io.IOException;

/** A process that {@link ToolLauncher} started, as the agent sees it: its output by polling, and a kill. */
interface LaunchedTool {
    /**
     * The output written since the last call, waiting up to {@code waitMillis} for some; its exit code once it
     * ended and all its output was returned.
     */
    ToolOutput read(long waitMillis) throws IOException, InterruptedException;

    /**
     * Kills the process through the Launcher ({@code Proc.kill}) and everything carrying its cookie
     * ({@code Launcher.kill}), which container launchers do inside the container.
     */
    void kill() throws IOException, InterruptedException;
}
