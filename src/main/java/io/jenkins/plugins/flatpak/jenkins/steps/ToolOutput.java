package io.jenkins.plugins.flatpak.jenkins.steps;

import java.io.Serializable;

/** Output of a {@link LaunchedTool} since the last read; {@code exitCode} is set once it ended. */
record ToolOutput(byte[] stdout, byte[] stderr, Integer exitCode) implements Serializable {
}
