package io.jenkins.plugins.flatpak.jenkins.steps;

import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.CancelledException;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.engine.record.IllegalTransitionException;
import io.jenkins.plugins.flatpak.engine.record.PhaseTiming;
import io.jenkins.plugins.flatpak.jenkins.model.FlatpakBuildAction;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * The execution shared by the Flatpak steps: the work runs on a thread of its own, never on the Pipeline's CPS
 * thread. {@link #stop} returns at once; on another thread it cancels the engine's {@link Cancellation} (killing
 * tool process trees, also on the agent through the interrupted remote call) and interrupts the work. The step
 * completes exactly once.
 *
 * <p>After a controller restart the thread is gone; {@link #onResume} decides from the build records what
 * happened ({@link #resume}) and completes the step, so it never hangs.
 */
abstract class FlatpakStepExecution extends StepExecution {
    private static final long serialVersionUID = 1L;
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "Flatpak step " + THREADS.incrementAndGet());
        t.setDaemon(true);
        // not the creating thread's loader, which may be a Pipeline script's and would be kept alive
        t.setContextClassLoader(FlatpakStepExecution.class.getClassLoader());
        return t;
    });

    /** The context, kept here as well: the stub of StepExecution keeps none in tests. */
    private final StepContext stepContext;
    /** When this execution was created; a record whose phase started later was worked on by this execution. */
    private final long startedAt = System.currentTimeMillis();
    /** Build ids this execution works on, in order; saved with the program so a resumed step finds them. */
    private final ArrayList<String> buildIds = new ArrayList<>();
    private transient StepServices services;
    private transient volatile Future<?> task;
    private transient volatile Cancellation cancellation;
    private transient volatile String phase;
    private transient AtomicBoolean completed;

    FlatpakStepExecution(StepContext context, StepServices services) {
        super(context);
        this.stepContext = context;
        this.services = services;
    }

    @Override
    public StepContext getContext() {
        return stepContext;
    }

    /** The step's work, on a pool thread; returns the step's value. */
    protected abstract Object work(TaskListener listener, Run<?, ?> run) throws Exception;

    /**
     * After a controller restart: complete the step from the records (return a value, or throw). The default
     * runs {@link #work} again, for steps whose work skips what is already done (commit, publish).
     */
    protected Object resume(TaskListener listener, Run<?, ?> run) throws Exception {
        throw new IllegalStateException("not resumable");
    }

    /** Whether {@link #onResume} runs {@link #work} again (true) or completes from {@link #resume} (false). */
    protected boolean rerunsOnResume() {
        return false;
    }

    protected final StepServices services() {
        return services;
    }

    /**
     * The services a resumed execution uses (they are not saved with it); {@link #onResume} falls back to
     * Jenkins' own. Tests give theirs before they resume an execution read back from its serialized form.
     */
    final void useServices(StepServices s) {
        this.services = s;
    }

    protected final Cancellation cancellation() {
        return cancellation;
    }

    protected final void phase(String description) {
        this.phase = description;
    }

    protected final synchronized void addBuildId(String id) {
        buildIds.add(id);
    }

    protected final synchronized List<String> buildIds() {
        return new ArrayList<>(buildIds);
    }

    @Override
    public boolean start() throws Exception {
        completed = new AtomicBoolean();
        TaskListener listener = stepContext.get(TaskListener.class);
        Run<?, ?> run = stepContext.get(Run.class);
        submit(listener, run);
        return false;
    }

    private void submit(TaskListener listener, Run<?, ?> run) {
        cancellation = new Cancellation();
        task = EXECUTOR.submit(() -> {
            try {
                complete(work(listener, run), null);
            } catch (Throwable t) {
                complete(null, t);
            }
        });
    }

    /**
     * Called on the Pipeline's CPS thread, so it returns at once: the step fails with {@code cause} now, and the
     * cancel (which kills tools' process trees, SIGKILL after a grace period) and the interrupt of the work run on
     * another thread. The work thread still ends its build record (cancelled) when it stops.
     */
    @Override
    public void stop(Throwable cause) throws Exception {
        Cancellation c = cancellation;
        Future<?> f = task;
        complete(null, cause);
        EXECUTOR.execute(() -> {
            if (c != null) {
                c.cancel("aborted");
            }
            if (f != null) {
                f.cancel(true);
            }
        });
    }

    @Override
    public void onResume() {
        completed = new AtomicBoolean();
        if (services == null) {
            services = JenkinsStepServices.INSTANCE;
        }
        try {
            TaskListener listener = stepContext.get(TaskListener.class);
            Run<?, ?> run = stepContext.get(Run.class);
            if (rerunsOnResume()) {
                listener.getLogger().println("[flatpak] Jenkins restarted while this step ran; checking the builds"
                        + " and continuing where it stopped");
                submit(listener, run);
            } else {
                complete(resume(listener, run), null);
            }
        } catch (Throwable t) {
            complete(null, t);
        }
    }

    /** True while the work runs, so that a safe restart waits for it. */
    @Override
    public boolean blocksRestart() {
        Future<?> f = task;
        return f != null && !f.isDone();
    }

    @Override
    public String getStatus() {
        String p = phase;
        List<String> ids = buildIds();
        return (p == null ? "waiting" : p) + (ids.isEmpty() ? "" : " (" + String.join(", ", ids) + ")");
    }

    private void complete(Object value, Throwable failure) {
        AtomicBoolean done = completed;
        if (done != null && !done.compareAndSet(false, true)) {
            return;
        }
        if (failure == null) {
            stepContext.onSuccess(value);
        } else {
            stepContext.onFailure(forPipeline(failure));
        }
    }

    /**
     * Bad input, tool failures and aborts are reported by their message alone (an {@link AbortException} shows
     * no stack trace); anything else is a bug and keeps its stack trace.
     */
    static Throwable forPipeline(Throwable t) {
        if (t instanceof InvalidInputException || t instanceof CancelledException) {
            return new AbortException(t.getMessage());
        }
        if (t instanceof FlatpakException) {
            return new AbortException(t.getMessage());
        }
        return t;
    }

    /** The run's Flatpak action, created and attached on first use. */
    static FlatpakBuildAction actionOf(Run<?, ?> run) {
        synchronized (run) {
            FlatpakBuildAction a = run.getAction(FlatpakBuildAction.class);
            if (a == null) {
                a = new FlatpakBuildAction();
                run.addAction(a);
            }
            return a;
        }
    }

    /** Copies the record onto the run (saved in build.xml). */
    static void show(Run<?, ?> run, BuildRecord r) throws IOException {
        actionOf(run).record(r);
        run.save();
    }

    /** The current records of the builds shown on the run, in the order they were started. */
    protected final List<BuildRecord> recordsOf(Run<?, ?> run) {
        List<BuildRecord> records = new ArrayList<>();
        FlatpakBuildAction a = run.getAction(FlatpakBuildAction.class);
        if (a != null) {
            for (String id : a.getBuildIds()) {
                find(id).ifPresent(records::add);
            }
        }
        return records;
    }

    /** Whether this execution (not an earlier step of the run) started the record's {@code phase}. */
    protected final boolean startedHere(BuildRecord r, String phase) {
        PhaseTiming t = r.getPhases().get(phase);
        return t != null && t.start() != null && t.start().toEpochMilli() >= startedAt;
    }

    /** The latest record of {@code id}, if the engine still has it. */
    protected final Optional<BuildRecord> find(String id) {
        return services.home().records().find(id);
    }

    /**
     * Ends a build that this step left in an active status (after an abort or a failure outside the engine's own
     * bookkeeping) and shows the final record on the run. Never throws: the original failure is what counts.
     */
    protected final void endIfActive(Run<?, ?> run, String id, Throwable why) {
        if (why instanceof IllegalTransitionException) {
            return; // the step was refused before it touched the build, which may be another step's to finish
        }
        try {
            Optional<BuildRecord> current = find(id);
            if (current.isEmpty()) {
                return;
            }
            BuildRecord r = current.get();
            if (BuildStatus.ACTIVE.contains(r.getStatus()) || r.getStatus() == BuildStatus.CREATED) {
                String reason = why instanceof InterruptedException || why instanceof CancelledException
                        || (cancellation != null && cancellation.isCancelled()) ? "aborted" : message(why);
                r = cancellation != null && cancellation.isCancelled() || why instanceof InterruptedException
                        ? services.home().engine().cancel(id, reason)
                        : services.home().engine().fail(id, reason);
            }
            show(run, r);
        } catch (Exception | Error ignored) {
            // best effort: the record may be gone or changed by another process meanwhile
        }
    }

    static String message(Throwable t) {
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
