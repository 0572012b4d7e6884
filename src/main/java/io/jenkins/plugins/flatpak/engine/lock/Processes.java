package io.jenkins.plugins.flatpak.engine.lock;

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
}
