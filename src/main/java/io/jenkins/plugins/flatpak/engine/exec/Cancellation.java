package io.jenkins.plugins.flatpak.engine.exec;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A cancel signal shared by the caller and every tool run of one build phase. */
public final class Cancellation {
    private volatile boolean cancelled;
    private volatile String reason;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public static Cancellation none() {
        return new Cancellation();
    }

    public void cancel(String why) {
        reason = why;
        cancelled = true;
        for (Runnable r : listeners) {
            r.run();
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    public String reason() {
        return reason == null ? "cancelled" : reason;
    }

    /** Throws {@link CancelledException} when cancelled. */
    public void check() {
        if (cancelled) {
            throw new CancelledException(reason());
        }
    }

    Runnable onCancel(Runnable r) {
        listeners.add(r);
        if (cancelled) {
            r.run();
        }
        return () -> listeners.remove(r);
    }
}
