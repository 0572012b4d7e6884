package io.jenkins.plugins.flatpak.engine.exec;

import java.time.Duration;
import java.util.List;

/** A tool ran longer than its phase allows; its process tree has been killed. */
public class ToolTimeoutException extends ToolFailedException {
    private static final long serialVersionUID = 1L;

    public ToolTimeoutException(String command, Duration timeout, List<String> tail) {
        super(command.split(" ", 2)[0] + " timed out after " + ToolRunner.describe(timeout), command, -1, tail);
    }
}
