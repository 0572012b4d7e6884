package io.jenkins.plugins.flatpak.hostile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Watches this JVM's child processes while an in-process case runs, by sampling them every millisecond or
 * so. Best effort (a process that starts and ends between two samples is missed); the jar test proves the
 * same cases with tripwire tools instead.
 */
public final class ChildWatch implements AutoCloseable {
    private final Set<String> seen = Collections.synchronizedSet(new LinkedHashSet<>());
    private final Set<Long> before = new LinkedHashSet<>();
    private final Thread sampler;
    private volatile boolean running = true;

    public ChildWatch() {
        ProcessHandle.current().descendants().forEach(p -> before.add(p.pid()));
        sampler = new Thread(() -> {
            while (running) {
                ProcessHandle.current().descendants().filter(p -> !before.contains(p.pid()))
                        .forEach(p -> seen.add(p.info().commandLine().orElse("pid " + p.pid())));
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "hostile child watch");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Command lines of the child processes seen so far. */
    public List<String> seen() {
        synchronized (seen) {
            return new ArrayList<>(seen);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            sampler.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
