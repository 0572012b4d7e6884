package io.jenkins.plugins.flatpak.engine.exec;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * Starts the processes of a {@link ToolRunner}. The runner and the controller start them here with
 * {@link ProcessBuilder} ({@link LocalProcesses}); the Jenkins layer starts an agent's through the step's
 * {@code Launcher}, so that a container the user chose and the run's environment apply.
 */
public interface ProcessStarter {
    /**
     * Starts {@code command} with {@code environment} set on top of what processes inherit where it runs. Its
     * standard output is written to {@code stdout}; its standard error to {@code stderr}, or into {@code stdout}
     * (one stream, in order) when {@code stderr} is null. Its standard input is {@link Command#stdinBytes()}, or
     * empty. The streams are written from other threads and never closed.
     *
     * @throws IOException when the process cannot be started
     */
    StartedProcess start(Command command, Map<String, String> environment, OutputStream stdout, OutputStream stderr)
            throws IOException;
}
