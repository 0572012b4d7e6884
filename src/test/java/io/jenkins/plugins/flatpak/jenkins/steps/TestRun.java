package io.jenkins.plugins.flatpak.jenkins.steps;

import hudson.model.Action;
import hudson.model.ItemGroup;
import hudson.model.Job;
import hudson.model.Run;
import java.io.IOException;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import jenkins.model.RunAction2;

/**
 * A test double of a Pipeline run: the few Run methods the steps use, over a list of actions. It is
 * "serialized" the way Pipeline serializes a run reference (by id), so an execution can be written and read back
 * as after a controller restart and still find the same run.
 */
public final class TestRun extends Run<TestRun.TestJob, TestRun> implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Map<String, TestRun> LIVE = new ConcurrentHashMap<>();
    private static final AtomicInteger NUMBERS = new AtomicInteger();

    private final String id;
    private final transient List<Action> actions = new CopyOnWriteArrayList<>();
    final transient AtomicInteger saves = new AtomicInteger();

    /** Run #1 of a job of its own. */
    public TestRun() throws IOException {
        this("flatpak-tests/job-" + NUMBERS.incrementAndGet(), 1);
    }

    /** Run {@code number} of the job with this full name ({@code folder/job}). */
    public TestRun(String jobFullName, int number) throws IOException {
        super(null);
        this.id = jobFullName + "#" + number;
        if (LIVE.putIfAbsent(id, this) != null) {
            throw new IllegalStateException("run " + id + " exists already");
        }
    }

    @Override
    public String getExternalizableId() {
        return id;
    }

    @Override
    public String getFullDisplayName() {
        return id.replace("#", " #");
    }

    @Override
    public <T extends Action> T getAction(Class<T> type) {
        for (Action a : actions) {
            if (type.isInstance(a)) {
                return type.cast(a);
            }
        }
        return null;
    }

    @Override
    public void addAction(Action a) {
        actions.add(a);
        if (a instanceof RunAction2) {
            ((RunAction2) a).onAttached(this);
        }
    }

    @Override
    public void save() {
        saves.incrementAndGet();
    }

    private Object writeReplace() throws ObjectStreamException {
        return new Ref(id);
    }

    private record Ref(String id) implements Serializable {
        private Object readResolve() throws ObjectStreamException {
            return LIVE.get(id);
        }
    }

    /** Only there to satisfy Run's type parameters. */
    public abstract static class TestJob extends Job<TestJob, TestRun> {
        protected TestJob(ItemGroup<?> parent, String name) {
            super(parent, name);
        }
    }
}
