package io.jenkins.plugins.flatpak.engine.exec;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A phase's log file that also forwards every line to the caller (console, Jenkins listener). */
public final class PhaseLog implements OutputSink, AutoCloseable {
    private final BufferedWriter writer;
    private final OutputSink forward;

    public PhaseLog(Path file, OutputSink forward) {
        this.forward = forward == null ? OutputSink.DISCARD : forward;
        try {
            Files.createDirectories(file.getParent());
            this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new FlatpakException("cannot open log " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void line(String line) {
        try {
            writer.write(line);
            writer.newLine();
            writer.flush();
        } catch (IOException ignored) {
            // a full disk must not hide the tool's own failure; the line still reaches the caller
        }
        forward.line(line);
    }

    /** A progress line for the phase, marked so it stands out from tool output. */
    public void progress(String message) {
        line("[flatpak] " + message);
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (IOException ignored) {
            // nothing more to write
        }
    }
}
