package io.jenkins.plugins.flatpak.engine.publish;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.CancelledException;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.gpg.GpgHome;
import io.jenkins.plugins.flatpak.engine.gpg.GpgHomes;
import io.jenkins.plugins.flatpak.engine.lock.PathLock;
import io.jenkins.plugins.flatpak.engine.repo.OstreeRepo;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The publishes of this process into one repository. One worker thread per repository works in cycles:
 * it takes the oldest waiting job and every later one with the same signer (up to {@link #MAX_JOBS_PER_CYCLE}),
 * leases the signer's GnuPG home once, takes the repository's writer lock once, imports the jobs' commits in
 * as few tool runs as possible ({@link CommitImport}; jobs that arrive meanwhile join in up to
 * {@link #MAX_ROUNDS} rounds), then has one summary update cover them all ({@link SummaryQueue}), and only
 * then completes the jobs.
 *
 * <p>Fairness: jobs are taken oldest first, and a job never overtakes an older one that publishes one of
 * its refs, so the newest build of a ref lands last. A cycle takes a bounded number of jobs and rounds, so
 * a job waits for at most the cycle in progress and its own, however many publishes keep arriving.
 */
final class PublishQueue {
    static final int MAX_JOBS_PER_CYCLE = 64;
    static final int MAX_ROUNDS = 3;
    private static final ConcurrentMap<Path, PublishQueue> QUEUES = new ConcurrentHashMap<>();
    private static final ExecutorService LEASES = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "flatpak gpg home");
        t.setDaemon(true);
        return t;
    });

    private final Path repo;
    private final SummaryQueue summaries;
    private final ArrayDeque<PublishJob> pending = new ArrayDeque<>();
    private boolean workerRunning;

    private PublishQueue(Path repo) {
        this.repo = repo;
        this.summaries = SummaryQueue.of(repo);
    }

    static PublishQueue of(Path repo) {
        return QUEUES.computeIfAbsent(repo.toAbsolutePath().normalize(), PublishQueue::new);
    }

    /** Queues the job and waits until its refs are in a signed summary; returns ref to commit in the target. */
    Map<String, String> publish(PublishJob job, Cancellation cancel) {
        synchronized (this) {
            pending.addLast(job);
            if (!workerRunning) {
                workerRunning = true;
                Thread t = new Thread(this::work, "flatpak publish " + repo.getFileName());
                t.setDaemon(true);
                t.start();
            }
        }
        while (true) {
            if (cancel.isCancelled()) {
                synchronized (this) {
                    if (!job.started) {
                        pending.remove(job);
                        throw new CancelledException(cancel.reason());
                    }
                }
                throw new CancelledException(cancel.reason() + " (while publishing: its commits may already be in "
                        + repo + " and will be listed by its next summary update)");
            }
            try {
                return job.done.get(200, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // keep waiting, checking for cancel
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel.cancel("interrupted while publishing into " + repo);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof FlatpakException fe) {
                    throw fe;
                }
                throw new FlatpakException("publishing into " + repo + " failed: " + cause, cause);
            }
        }
    }

    private void work() {
        while (true) {
            PublishJob head;
            synchronized (this) {
                head = pending.peekFirst();
                if (head == null) {
                    workerRunning = false;
                    return;
                }
            }
            try {
                cycle(head);
            } catch (RuntimeException | Error e) {
                // cycle() fails its own jobs; never let the worker die with jobs waiting
                synchronized (this) {
                    if (pending.peekFirst() == head) {
                        pending.removeFirst();
                        head.fail(e instanceof RuntimeException re ? re : new FlatpakException(e.toString(), e));
                    }
                }
            }
        }
    }

    private void cycle(PublishJob head) {
        String signer = head.signer();
        List<PublishJob> taken = new ArrayList<>();
        List<PublishJob> imported = new ArrayList<>();
        OutputSink importedLogs = line -> new RoutedLog(imported).line(line);
        OstreeRepo target = new OstreeRepo(repo, head.runner);
        String name = head.target.name();
        // The key import (gpg, and its agent's start) runs while this thread waits for the lock.
        CompletableFuture<GpgHomes.Lease> leasing = head.key == null ? CompletableFuture.completedFuture(null)
                : CompletableFuture.supplyAsync(() -> GpgHomes.lease(head.keys(), head.runner), LEASES);
        try (PublishState.Intent intent = summaries.state().intend(signer)) {
            long request;
            boolean handOff;
            GpgHome gpg;
            try (PathLock lock = target.lock()) {
                List<PublishJob> round = takeRound(signer, MAX_JOBS_PER_CYCLE);
                taken.addAll(round);
                if (round.isEmpty()) {
                    return;
                }
                gpg = null;
                for (int rounds = 1; !round.isEmpty(); rounds++) {
                    round = settle(target, round);
                    if (!round.isEmpty() && gpg == null) {
                        gpg = home(leasing);
                    }
                    new CommitImport(target, name, gpg, head.runner).run(round);
                    round.stream().filter(j -> !j.failed()).forEach(imported::add);
                    if (rounds == MAX_ROUNDS) {
                        break;
                    }
                    round = takeRound(signer, MAX_JOBS_PER_CYCLE - taken.size());
                    taken.addAll(round);
                }
                if (imported.isEmpty()) {
                    return;
                }
                request = summaries.request();
                intent.close();
                handOff = summaries.canHandOff(signer);
                if (!handOff) {
                    update(imported, gpg, importedLogs);
                }
            }
            if (handOff) {
                importedLogs.line("[flatpak] another process is publishing into " + name
                        + " as well; waiting for a summary update that covers both");
                GpgHome home = gpg;
                summaries.awaitCovered(request, signer, target::lock, () -> update(imported, home, importedLogs));
            }
            for (PublishJob j : imported) {
                j.done.complete(new LinkedHashMap<>(j.published));
            }
        } catch (RuntimeException e) {
            if (taken.isEmpty()) {
                failAll(signer, e);
            }
            taken.stream().filter(j -> !j.done.isDone()).forEach(j -> j.fail(imported.contains(j)
                    ? new FlatpakException("the commits are in " + name + ", but its summary update failed: "
                            + e.getMessage(), e)
                    : e));
        } finally {
            leasing.whenComplete((lease, e) -> {
                if (lease != null) {
                    lease.close();
                }
            });
        }
    }

    private static GpgHome home(CompletableFuture<GpgHomes.Lease> leasing) {
        try {
            GpgHomes.Lease lease = leasing.join();
            return lease == null ? null : lease.home();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    private void update(List<PublishJob> jobs, GpgHome gpg, OutputSink logs) {
        PublishJob newest = jobs.get(jobs.size() - 1);
        String name = newest.target.name();
        // Read again under the lock: another process may have changed the settings, or rotated the key, meanwhile.
        RepositorySettings settings = RepositorySettings.read(repo);
        String refusal = settings.refusal(name, repo, newest.key, newest.coSigners);
        if (refusal != null) {
            throw new InvalidInputException(refusal);
        }
        logs.line("[flatpak] updating the summary of " + name + " for " + jobs.size() + " publish(es)");
        summaries.update(settings.effective(name, repo), settings, gpg, null, newest.runner, logs);
    }

    /**
     * Under the writer lock, before a round's import: fails every job the repository's signing rules refuse (nothing
     * is written for it), creates the repository if needed, and records what the others state ({@link
     * RepositorySettings#resolve}), each change in the log of the job that states it. Returns the jobs that go on.
     */
    private List<PublishJob> settle(OstreeRepo target, List<PublishJob> round) {
        RepositorySettings settings = RepositorySettings.read(target.path());
        List<PublishJob> accepted = new ArrayList<>();
        for (PublishJob job : round) {
            String refusal = settings.refusal(job.target.name(), target.path(), job.key, job.coSigners);
            if (refusal == null) {
                accepted.add(job);
            } else {
                job.log.line("[flatpak] refused: " + refusal);
                job.fail(new InvalidInputException(refusal));
            }
        }
        if (accepted.isEmpty()) {
            return accepted;
        }
        boolean isNew = !target.exists();
        boolean recorded = !isNew && target.config().containsKey(RepositorySettings.GROUP);
        if (isNew) {
            target.ensureExists(accepted.get(0).target.collectionId(), accepted.get(0).log, Cancellation.none());
        } else if (!recorded) {
            accepted.forEach(j -> j.log.line("[flatpak] repository " + j.target.name()
                    + " had no recorded settings; adopted from its files: " + settings.describe(j.target.name())));
        }
        RepositorySettings next = settings;
        for (PublishJob job : accepted) {
            RepositorySettings.Resolution r = next.resolve(job.target.name(), job.target, job.key,
                    isNew && job == accepted.get(0));
            r.changes().forEach(c -> job.log.line("[flatpak] repository " + job.target.name() + ": " + c));
            next = r.settings();
        }
        if (!recorded || !next.equals(settings)) {
            next.write(target);
        }
        return accepted;
    }

    /**
     * Takes the oldest waiting jobs signed by {@code signer} whose refs no older waiting job publishes (so no
     * job overtakes an older one of the same ref, and the refs of one round are distinct).
     */
    private synchronized List<PublishJob> takeRound(String signer, int max) {
        List<PublishJob> round = new ArrayList<>();
        Set<String> claimed = new HashSet<>();
        for (Iterator<PublishJob> it = pending.iterator(); it.hasNext() && round.size() < max; ) {
            PublishJob job = it.next();
            boolean free = job.signer().equals(signer) && job.refs.keySet().stream().noneMatch(claimed::contains);
            claimed.addAll(job.refs.keySet());
            if (free) {
                it.remove();
                job.started = true;
                round.add(job);
            }
        }
        return round;
    }

    /** Fails every waiting job of {@code signer}: its GnuPG home could not be opened. */
    private synchronized void failAll(String signer, RuntimeException e) {
        for (Iterator<PublishJob> it = pending.iterator(); it.hasNext(); ) {
            PublishJob job = it.next();
            if (job.signer().equals(signer)) {
                it.remove();
                job.started = true;
                job.fail(e);
            }
        }
    }
}
