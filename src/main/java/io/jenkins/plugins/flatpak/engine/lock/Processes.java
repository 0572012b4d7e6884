package io.jenkins.plugins.flatpak.engine.lock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Waiting for processes to exit. A zombie (exited, not yet reaped by its parent) counts as exited. */
public final class Processes {
    private static final long POLL_MILLIS = 25;

    private Processes() {}

    /** Waits up to {@code millis} for the processes to exit; returns those still running. */
    public static List<ProcessHandle> waitForExit(List<ProcessHandle> processes, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        List<ProcessHandle> alive = running(processes);
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            alive = running(alive);
        }
        return alive;
    }

    /** Those of the processes that still run. */
    public static List<ProcessHandle> running(List<ProcessHandle> processes) {
        List<ProcessHandle> alive = new ArrayList<>();
        for (ProcessHandle p : processes) {
            if (p.isAlive() && !ProcessOwner.isZombie(p.pid())) {
                alive.add(p);
            }
        }
        return alive;
    }

    /**
     * Live processes of this machine (that this user may inspect) whose environment has {@code name=value}; empty
     * where /proc cannot be read.
     */
    public static List<ProcessHandle> withVariable(String name, String value) {
        byte[] wanted = (name + "=" + value).getBytes(StandardCharsets.UTF_8);
        List<ProcessHandle> found = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path dir : dirs) {
                if (hasEntry(dir.resolve("environ"), wanted)) {
                    ProcessHandle.of(Long.parseLong(dir.getFileName().toString())).filter(ProcessHandle::isAlive)
                            .ifPresent(found::add);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: nothing can be found
        }
        return found;
    }

    private static boolean hasEntry(Path environ, byte[] entry) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(environ);
        } catch (IOException | RuntimeException e) {
            return false; // gone meanwhile, or another user's process
        }
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == 0) {
                if (i - start == entry.length && java.util.Arrays.equals(bytes, start, i, entry, 0, entry.length)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }
}
