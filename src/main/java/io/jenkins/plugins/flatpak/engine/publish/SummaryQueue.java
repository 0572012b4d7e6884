package io.jenkins.plugins.flatpak.engine.publish;

import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.gpg.GpgHome;
import io.jenkins.plugins.flatpak.engine.lock.PathLock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Coalesces summary updates of one repository, as flat-manager does, between the threads of this process
 * (their imports are batched by {@link PublishQueue}, which asks for one update per batch) and between
 * processes (through {@link PublishState}): after importing, a process asks for an update; if another
 * process is about to import commits with the same signer, it leaves the update to that one and waits
 * until an update that started after its request has finished ({@link #HANDOFF_WAIT} at most, then it
 * updates itself). Every caller returns only once its refs are in a signed summary.
 */
public final class SummaryQueue {
    /** How long a process waits for another one's update before running its own. */
    static final Duration HANDOFF_WAIT = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(25);
    private static final ConcurrentMap<Path, SummaryQueue> QUEUES = new ConcurrentHashMap<>();

    private final Path repo;
    private final PublishState state;
    private final AtomicLong updates = new AtomicLong();

    private SummaryQueue(Path repo) {
        this.repo = repo;
        this.state = new PublishState(repo);
    }

    public static SummaryQueue of(Path repo) {
        return QUEUES.computeIfAbsent(repo.toAbsolutePath().normalize(), SummaryQueue::new);
    }

    /** Summary updates this process has run on the repository. */
    public long updatesRun() {
        return updates.get();
    }

    PublishState state() {
        return state;
    }

    /** Under the writer lock, after an import: asks for an update; returns the request number. */
    long request() {
        return state.addRequest();
    }

    /** Under the writer lock: whether another process will import with {@code signer} and update after. */
    boolean canHandOff(String signer) {
        return state.othersIntend(signer);
    }

    /** Under the writer lock: runs one update, which covers every request made so far. */
    void update(PublishTarget target, RepositorySettings settings, GpgHome gpg, java.nio.file.Path gpgImport,
            ToolRunner runner, OutputSink log) {
        long covers = state.requested();
        SummaryUpdate.run(target, settings, gpg, gpgImport, runner, log, Cancellation.none());
        state.markUpdated(covers);
        updates.incrementAndGet();
    }

    /**
     * Without the writer lock: waits until an update has covered {@code request}; when no other process is
     * going to run one (or it takes longer than {@link #HANDOFF_WAIT}), takes the lock and runs it here.
     */
    void awaitCovered(long request, String signer, Supplier<PathLock> lock, Runnable updateUnderLock) {
        long deadline = System.nanoTime() + HANDOFF_WAIT.toNanos();
        while (!state.covered(request)) {
            if (!state.othersIntend(signer) || System.nanoTime() > deadline) {
                try (PathLock held = lock.get()) {
                    if (!state.covered(request)) {
                        updateUnderLock.run();
                    }
                }
                return;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                deadline = 0;
            }
        }
    }

    @Override
    public String toString() {
        return "SummaryQueue[" + repo + "]";
    }
}
