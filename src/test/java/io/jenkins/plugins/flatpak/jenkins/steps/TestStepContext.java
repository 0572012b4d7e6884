package io.jenkins.plugins.flatpak.jenkins.steps;

import hudson.EnvVars;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * A Pipeline step context for tests: hands out the run, listener and environment, and records how the step
 * completed (the first completion counts, later ones are counted so a test can see a double completion).
 */
public final class TestStepContext extends StepContext {
    private static final long serialVersionUID = 1L;
    private static final Map<String, TestStepContext> LIVE = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();
    private final transient Map<Class<?>, Object> values = new ConcurrentHashMap<>();
    private transient volatile CountDownLatch done = new CountDownLatch(1);
    private transient volatile AtomicInteger completions = new AtomicInteger();
    private transient volatile Object result;
    private transient volatile Throwable failure;

    public TestStepContext(Run<?, ?> run, TaskListener listener, Map<String, String> environment) {
        values.put(Run.class, run);
        values.put(TaskListener.class, listener);
        EnvVars env = new EnvVars();
        env.putAll(environment);
        values.put(EnvVars.class, env);
        values.put(Launcher.class, new TestLauncher());
        LIVE.put(id, this);
    }

    /** Replaces what the context hands out for {@code key} (the Launcher of a container, for example). */
    public <T> TestStepContext with(Class<T> key, T value) {
        values.put(key, value);
        return this;
    }

    @Override
    public <T> T get(Class<T> key) {
        return key.cast(values.get(key));
    }

    @Override
    public void onSuccess(Object value) {
        if (completions.incrementAndGet() == 1) {
            result = value;
            done.countDown();
        }
    }

    @Override
    public void onFailure(Throwable t) {
        if (completions.incrementAndGet() == 1) {
            failure = t;
            done.countDown();
        }
    }

    @Override
    public boolean isReady() {
        return true;
    }

    /** Waits for the step to complete; fails the test when it does not within {@code timeout}. */
    public TestStepContext await(Duration timeout) throws InterruptedException {
        if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the step did not complete within " + timeout);
        }
        return this;
    }

    /**
     * Forgets how the step completed, as the context of a step looks to a controller that restarted before the
     * step's completion was recorded.
     */
    public void reset() {
        result = null;
        failure = null;
        completions = new AtomicInteger();
        done = new CountDownLatch(1);
    }

    public boolean isDone() {
        return done.getCount() == 0;
    }

    public Object result() {
        return result;
    }

    public Throwable failure() {
        return failure;
    }

    public int completions() {
        return completions.get();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TestStepContext && ((TestStepContext) o).id.equals(id);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    private Object writeReplace() throws ObjectStreamException {
        return new Ref(id);
    }

    private record Ref(String id) implements Serializable {
        private Object readResolve() throws ObjectStreamException {
            return LIVE.get(id);
        }
    }
}
