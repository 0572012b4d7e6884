package io.jenkins.plugins.flatpak.hostile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the command line and the environment of every process on the machine, over and over while a run goes
 * on, and notes every secret found in them. It also keeps the command lines it saw that mention a marker (the
 * run's temporary directory), so a test can show the sampling did watch the signing tools at work.
 */
final class ProcSampler implements AutoCloseable {
    private final SecretNeedles needles;
    private final String marker;
    private final Set<String> leaks = Collections.synchronizedSet(new LinkedHashSet<>());
    private final Set<String> marked = Collections.synchronizedSet(new LinkedHashSet<>());
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long rounds;

    ProcSampler(SecretNeedles needles, String marker) {
        this.needles = needles;
        this.marker = marker;
        thread = new Thread(this::loop, "proc sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString()
                    .chars().allMatch(Character::isDigit))) {
                for (Path p : procs) {
                    sample(p, "cmdline");
                    sample(p, "environ");
                }
            } catch (IOException e) {
                // /proc changes under us; try again
            }
            rounds++;
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample(Path proc, String file) {
        byte[] content;
        try {
            content = Files.readAllBytes(proc.resolve(file));
        } catch (IOException e) {
            return; // the process ended
        }
        String text = new String(content, StandardCharsets.ISO_8859_1);
        for (String what : needles.foundIn(text)) {
            leaks.add(what + " in /proc/" + proc.getFileName() + "/" + file + ": " + text.replace('\0', ' '));
        }
        if (file.equals("cmdline") && text.contains(marker)) {
            marked.add(text.replace('\0', ' ').trim());
        }
    }

    /** Secrets seen in a command line or an environment. */
    List<String> leaks() {
        synchronized (leaks) {
            return new ArrayList<>(leaks);
        }
    }

    /** Command lines seen that mention the marker. */
    List<String> marked() {
        synchronized (marked) {
            return new ArrayList<>(marked);
        }
    }

    long rounds() {
        return rounds;
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
