package io.jenkins.plugins.flatpak.engine.exec;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import java.util.List;

/** A tool exited non-zero. Carries the masked command, the exit code and the last lines of output. */
public class ToolFailedException extends FlatpakException {
    private static final long serialVersionUID = 1L;
    private final String command;
    private final int exitCode;
    private final List<String> tail;

    public ToolFailedException(String summary, String command, int exitCode, List<String> tail) {
        super(summary + "\n  command: " + command + "\n  exit code: " + exitCode
                + (tail.isEmpty() ? "" : "\n  last output:\n    " + String.join("\n    ", tail)));
        this.command = command;
        this.exitCode = exitCode;
        this.tail = List.copyOf(tail);
    }

    public String command() {
        return command;
    }

    public int exitCode() {
        return exitCode;
    }

    public List<String> tail() {
        return tail;
    }
}
