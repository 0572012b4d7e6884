package io.jenkins.plugins.flatpak.engine.record;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;
import io.jenkins.plugins.flatpak.engine.lock.PathLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Build records on disk: {@code <home>/records/<id>/record.json}, with one log per phase beside it
 * ({@code build.log}, {@code commit.log}, {@code publish.log}). Every change is made under a lock that also
 * holds between processes and written atomically (temp file, fsync, rename).
 */
public final class RecordStore {
    public static final List<String> PHASES = List.of("build", "commit", "publish");
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path records;
    private final List<Consumer<BuildRecord>> listeners = new CopyOnWriteArrayList<>();

    public RecordStore(Path home) {
        this.records = home.resolve("records");
    }

    public Path root() {
        return records;
    }

    /** Called with a copy of every record after it was written. */
    public void addListener(Consumer<BuildRecord> listener) {
        listeners.add(listener);
    }

    /** Stores a new record in status {@code created}; assigns its id and creation time. */
    public BuildRecord create(BuildRecord initial) {
        Instant now = Instant.now();
        String id = ID_TIME.format(now) + "-" + String.format("%06x", RANDOM.nextInt(1 << 24));
        initial.setId(id);
        initial.setCreatedAt(now);
        initial.setStatus(BuildStatus.CREATED);
        try {
            Files.createDirectories(dir(id));
        } catch (IOException e) {
            throw new FlatpakException("cannot create record directory for " + id + ": " + e.getMessage(), e);
        }
        try (PathLock lock = lock(id)) {
            write(initial);
        }
        return get(id);
    }

    public Optional<BuildRecord> find(String id) {
        Path file = dir(Names.buildId(id)).resolve("record.json");
        try {
            return Optional.of(Json.MAPPER.readValue(Files.readAllBytes(file), BuildRecord.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new FlatpakException("cannot read record " + id + ": " + e.getMessage(), e);
        }
    }

    public BuildRecord get(String id) {
        return find(id).orElseThrow(() -> new InvalidInputException("no build " + Names.quote(id)));
    }

    /** Every record, newest first. */
    public List<BuildRecord> list() {
        List<BuildRecord> all = new ArrayList<>();
        if (!Files.isDirectory(records)) {
            return all;
        }
        try (Stream<Path> dirs = Files.list(records)) {
            dirs.filter(Files::isDirectory).forEach(d -> {
                try {
                    find(d.getFileName().toString()).ifPresent(all::add);
                } catch (RuntimeException ignored) {
                    // a directory that is not a record (or a half-created one) is skipped
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        all.sort(Comparator.comparing(BuildRecord::getCreatedAt, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(BuildRecord::getId, Comparator.reverseOrder()));
        return all;
    }

    /** Changes a record under its lock, without a status change. */
    public BuildRecord update(String id, Consumer<BuildRecord> change) {
        try (PathLock lock = lock(id)) {
            BuildRecord r = get(id);
            BuildStatus before = r.getStatus();
            String job = r.getJob();
            Integer run = r.getRunNumber();
            change.accept(r);
            if (r.getStatus() != before) {
                throw new IllegalStateException("use transition() to change a status");
            }
            keepOrigin(r, job, run);
            write(r);
        }
        return notifyListeners(id);
    }

    /**
     * Moves a record to {@code to}, applying {@code change} in the same write. Refuses a move the status
     * rules do not allow with {@link IllegalTransitionException}. Entering an active status starts that
     * phase's timing; leaving it ends it.
     */
    public BuildRecord transition(String id, BuildStatus to, Consumer<BuildRecord> change) {
        return transitionIf(id, r -> true, to, change).orElseThrow();
    }

    /**
     * Like {@link #transition}, but only when {@code condition} holds for the record as it is under the lock
     * (for example: still owned by the process that was found dead); empty when it does not.
     */
    public Optional<BuildRecord> transitionIf(String id, Predicate<BuildRecord> condition, BuildStatus to,
            Consumer<BuildRecord> change) {
        try (PathLock lock = lock(id)) {
            BuildRecord r = get(id);
            if (!condition.test(r)) {
                return Optional.empty();
            }
            BuildStatus from = r.getStatus();
            boolean retry = isRetry(r, to);
            if (!from.canMoveTo(to) && !retry) {
                throw new IllegalTransitionException(id, from, to);
            }
            Instant now = Instant.now();
            String running = phaseOf(from);
            if (running != null && r.getPhases().containsKey(running) && r.getPhases().get(running).end() == null) {
                r.getPhases().put(running, r.getPhases().get(running).finished(now));
            }
            String starting = phaseOf(to);
            if (starting != null) {
                r.getPhases().put(starting, new PhaseTiming(now, null));
            }
            if (to == BuildStatus.FAILED || to == BuildStatus.CANCELLED) {
                r.setFailedPhase(running);
            } else if (retry) {
                r.setFailedPhase(null);
                r.setError(null);
                r.setInterrupted(null);
            }
            r.setStatus(to);
            String job = r.getJob();
            Integer run = r.getRunNumber();
            if (change != null) {
                change.accept(r);
            }
            keepOrigin(r, job, run);
            write(r);
        }
        return Optional.of(notifyListeners(id));
    }

    public Path dir(String id) {
        return records.resolve(Names.buildId(id));
    }

    public Path logFile(String id, String phase) {
        if (!PHASES.contains(phase)) {
            throw new InvalidInputException("unknown phase " + Names.quote(phase) + ", expected one of " + PHASES);
        }
        return dir(id).resolve(phase + ".log");
    }

    /**
     * A build whose publish failed (a tool error, a crash, a lost lock) was committed before: publishing it
     * again is allowed, and lands no second commit when the first attempt had already copied it.
     */
    public static boolean isPublishRetry(BuildRecord r, BuildStatus to) {
        return to == BuildStatus.PUBLISHING && r.getStatus() == BuildStatus.FAILED && "publish".equals(r.getFailedPhase());
    }

    /**
     * A build whose commit was interrupted (the process validating it died) was built before, and validating
     * only reads: committing it again is allowed. A commit that found problems is not retried: rebuild.
     */
    public static boolean isCommitRetry(BuildRecord r, BuildStatus to) {
        return to == BuildStatus.COMMITTING && r.getStatus() == BuildStatus.FAILED && "commit".equals(r.getFailedPhase())
                && Boolean.TRUE.equals(r.getInterrupted());
    }

    /**
     * Whether publishing {@code r} into the repository named {@code repo} retries its failed publish: only into the
     * repository that publish went to, because the failed attempt may have landed there, and a build is published
     * to one repository.
     */
    public static boolean isPublishRetryTo(BuildRecord r, String repo) {
        return isPublishRetry(r, BuildStatus.PUBLISHING) && (r.getTargetRepo() == null || r.getTargetRepo().equals(repo));
    }

    /** Why a failed publish of {@code r} is not retried into {@code repo}, for the error message. */
    public static String publishRetryElsewhere(BuildRecord r, String repo) {
        return "build " + r.getId() + " failed while being published to " + Names.quote(r.getTargetRepo())
                + ", not " + Names.quote(repo) + "; publish it again to " + Names.quote(r.getTargetRepo())
                + " (the failed publish may have landed there, and a build is published to one repository)";
    }

    /** Whether moving a failed build to {@code to} is one of the allowed retries. */
    public static boolean isRetry(BuildRecord r, BuildStatus to) {
        return isPublishRetry(r, to) || isCommitRetry(r, to);
    }

    /** The phase that runs while a build has this status, or null. */
    public static String phaseOf(BuildStatus status) {
        switch (status) {
            case BUILDING: return "build";
            case COMMITTING: return "commit";
            case PUBLISHING: return "publish";
            default: return null;
        }
    }

    /** The job and run that made a build are set on creation and never change. */
    private static void keepOrigin(BuildRecord r, String job, Integer run) {
        if (!java.util.Objects.equals(job, r.getJob()) || !java.util.Objects.equals(run, r.getRunNumber())) {
            throw new IllegalStateException("the job and run that made build " + r.getId() + " cannot change");
        }
    }

    private PathLock lock(String id) {
        return PathLock.acquire(dir(id).resolve(".lock"));
    }

    private BuildRecord notifyListeners(String id) {
        BuildRecord fresh = get(id);
        for (Consumer<BuildRecord> l : listeners) {
            l.accept(fresh);
        }
        return fresh;
    }

    private void write(BuildRecord r) {
        Path file = dir(r.getId()).resolve("record.json");
        Path tmp = file.resolveSibling("record.json.tmp");
        try {
            byte[] bytes = Json.MAPPER.writeValueAsBytes(r);
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new FlatpakException("cannot write record " + r.getId() + ": " + e.getMessage(), e);
        }
    }
}
