package io.jenkins.plugins.flatpak.engine.exec;

import java.util.List;

/** What a finished tool run left: its exit code and captured standard output lines (when asked to capture). */
public record ToolResult(int exitCode, List<String> output, List<String> tail) {
    public String text() {
        return String.join("\n", output);
    }
}
