package io.jenkins.plugins.flatpak.engine.publish;

import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.CancelledException;
import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Coalesces summary updates per target repository, as flat-manager does: at most one update runs and at
 * most one is pending; a publish that asks for an update waits for the first update that <em>starts</em>
 * after its request, so its refs are in a signed summary when it returns, and every publish that asked
 * meanwhile shares that one update.
 */
public final class SummaryQueue {
    /** How long a pending update waits for more publishes to join it. */
    static final Duration GATHER = Duration.ofMillis(150);
    private static final ConcurrentMap<Path, SummaryQueue> QUEUES = new ConcurrentHashMap<>();

    private final Path repo;
    private final AtomicLong updates = new AtomicLong();
    private final List<Request> pending = new ArrayList<>();
    private boolean workerRunning;

    private SummaryQueue(Path repo) {
        this.repo = repo;
    }

    public static SummaryQueue of(Path repo) {
        return QUEUES.computeIfAbsent(repo.toAbsolutePath().normalize(), SummaryQueue::new);
    }

    /** Summary updates this process has run on the repository. */
    public long updatesRun() {
        return updates.get();
    }

    private record Request(PublishTarget target, SigningKey key, ToolRunner runner, OutputSink log,
            CompletableFuture<Void> done) {
    }

    /** Asks for an update and waits until one that started after this call has finished. */
    public void updateAndWait(PublishTarget target, SigningKey key, ToolRunner runner, OutputSink log,
            Cancellation cancel) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            pending.add(new Request(target, key, runner, log, done));
            if (!workerRunning) {
                workerRunning = true;
                Thread t = new Thread(this::work, "flatpak summary " + repo.getFileName());
                t.setDaemon(true);
                t.start();
            }
        }
        while (true) {
            cancel.check();
            try {
                done.get(200, TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                // keep waiting, checking for cancel
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException("interrupted while waiting for the summary update of " + repo);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof FlatpakException fe) {
                    throw fe;
                }
                throw new FlatpakException("summary update of " + repo + " failed: " + cause, cause);
            }
        }
    }

    private void work() {
        while (true) {
            try {
                Thread.sleep(GATHER.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            List<Request> batch;
            synchronized (this) {
                if (pending.isEmpty()) {
                    workerRunning = false;
                    return;
                }
                batch = new ArrayList<>(pending);
                pending.clear();
            }
            Request newest = batch.get(batch.size() - 1);
            OutputSink fanOut = line -> batch.forEach(r -> r.log().line(line));
            try {
                fanOut.line("[flatpak] updating summary of " + newest.target().name() + " for " + batch.size()
                        + " publish(es)");
                SummaryUpdate.run(newest.target(), newest.key(), newest.runner(), fanOut, Cancellation.none());
                updates.incrementAndGet();
                batch.forEach(r -> r.done().complete(null));
            } catch (RuntimeException e) {
                batch.forEach(r -> r.done().completeExceptionally(e));
            }
        }
    }
}
