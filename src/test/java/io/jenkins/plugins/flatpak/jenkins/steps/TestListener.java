package io.jenkins.plugins.flatpak.jenkins.steps;

import hudson.model.TaskListener;
import java.io.ByteArrayOutputStream;
import java.io.ObjectStreamException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A build console for tests: keeps every line and echoes it to standard output. Like a Pipeline listener sent to
 * an agent, it stays connected to the same console when serialized (here: by id within the JVM).
 */
public final class TestListener implements TaskListener {
    private static final long serialVersionUID = 1L;
    private static final Map<String, TestListener> LIVE = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();
    private final transient ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final transient PrintStream logger;
    private final transient OutputStream console;
    private final transient boolean delayedOnAgent;

    public TestListener() {
        this(false);
    }

    /**
     * A console whose copy on the agent buffers what is printed there until it is flushed, as Pipeline's does
     * (workflow-api's delayed buffer, flushed on a timer): {@link #text} shows only what reached the console.
     */
    public static TestListener delayedOnAgent() {
        return new TestListener(true);
    }

    private TestListener(boolean delayedOnAgent) {
        this.delayedOnAgent = delayedOnAgent;
        OutputStream tee = new OutputStream() {
            @Override
            public synchronized void write(int b) {
                captured.write(b);
                System.out.write(b);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                captured.write(b, off, len);
                System.out.write(b, off, len);
            }
        };
        this.console = tee;
        this.logger = new PrintStream(tee, true, StandardCharsets.UTF_8);
        LIVE.put(id, this);
    }

    /** The listener as the agent gets it: the same console, through a buffer of its own when delayed. */
    private TaskListener onAgent() {
        if (!delayedOnAgent) {
            return this;
        }
        PrintStream buffered = new PrintStream(new java.io.BufferedOutputStream(console, 1 << 20), false,
                StandardCharsets.UTF_8);
        return () -> buffered;
    }

    @Override
    public PrintStream getLogger() {
        return logger;
    }

    public String text() {
        synchronized (logger) {
            logger.flush();
            synchronized (console) {
                return captured.toString(StandardCharsets.UTF_8);
            }
        }
    }

    private Object writeReplace() throws ObjectStreamException {
        return new Ref(id);
    }

    private record Ref(String id) implements Serializable {
        private Object readResolve() throws ObjectStreamException {
            return LIVE.get(id).onAgent();
        }
    }
}
