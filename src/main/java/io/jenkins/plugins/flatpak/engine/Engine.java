package io.jenkins.plugins.flatpak.engine;

import io.jenkins.plugins.flatpak.engine.build.BuildNames;
import io.jenkins.plugins.flatpak.engine.build.BuildResult;
import io.jenkins.plugins.flatpak.engine.build.BuildSpec;
import io.jenkins.plugins.flatpak.engine.build.FlatpakBuilder;
import io.jenkins.plugins.flatpak.engine.commit.CommitValidator;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.CancelledException;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.PhaseLog;
import io.jenkins.plugins.flatpak.engine.fs.Trees;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import io.jenkins.plugins.flatpak.engine.lock.Orphans;
import io.jenkins.plugins.flatpak.engine.lock.ProcessOwner;
import io.jenkins.plugins.flatpak.engine.publish.PublishTarget;
import io.jenkins.plugins.flatpak.engine.publish.Publisher;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.engine.record.RecordStore;
import io.jenkins.plugins.flatpak.engine.repo.BuildRepository;
import io.jenkins.plugins.flatpak.engine.transfer.ObjectInventory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The build lifecycle: build (flatpak-builder into a private repo, then import into the build-repo),
 * commit (validate what was imported), publish (into a signed target repository). Each phase moves the
 * build record through its statuses and writes the phase's log beside the record.
 *
 * <p>The Jenkins layer runs the build phase on an agent: it calls {@link #createBuild}, {@link #beginBuild},
 * runs {@link FlatpakBuilder} on the agent, copies the export repo to the controller and calls
 * {@link #importBuild}. The runner calls {@link #build}, which does all of it locally.
 */
public final class Engine {
    private final EngineConfig config;
    private final RecordStore records;
    private final BuildRepository buildRepo;
    /** The config's runner, tagging every tool with this process ({@link Orphans}): a crash leaves no tool unowned. */
    private final ToolRunner runner;

    public Engine(EngineConfig config) {
        this.runner = config.runner().withEnvironment(Orphans.tag(ProcessOwner.current()));
        this.config = new EngineConfig(config.home(), config.buildRepo(), config.workRoot(), runner);
        this.records = new RecordStore(this.config.home());
        this.buildRepo = new BuildRepository(this.config.buildRepo(), runner);
    }

    /** The configuration, whose runner tags every tool it starts with this process (see {@link Orphans}). */
    public EngineConfig config() {
        return config;
    }

    public RecordStore records() {
        return records;
    }

    public BuildRepository buildRepository() {
        return buildRepo;
    }

    /** A phase's log file (appended to), also forwarding each line to {@code forward}. */
    public PhaseLog openLog(String id, String phase, OutputSink forward) {
        return new PhaseLog(records.logFile(id, phase), forward);
    }

    /** Records a new build in status {@code created}. Validates what can be validated before any tool runs. */
    public BuildRecord createBuild(BuildSpec spec) {
        return create(spec, false, null, null);
    }

    /**
     * Records a new build made by run {@code runNumber} of {@code job} (in Jenkins the job's full name): the build
     * belongs to that job for good ({@link BuildRecord#getJob}).
     */
    public BuildRecord createBuild(BuildSpec spec, String job, Integer runNumber) {
        if (job == null || job.isBlank() || job.length() > 1024 || job.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidInputException("invalid job name " + Names.quote(job) + " for a new build");
        }
        return create(spec, false, job, runNumber);
    }

    /** {@code owned}: the record names this process from the start, so a crash before the build began is seen. */
    private BuildRecord create(BuildSpec spec, boolean owned, String job, Integer runNumber) {
        FlatpakBuilder.validate(spec);
        BuildRecord r = new BuildRecord();
        r.setJob(job);
        r.setRunNumber(runNumber);
        r.setSourceDir(spec.sourceDir());
        r.setGitUrl(spec.gitUrl());
        r.setGitBranch(spec.gitBranch());
        r.setManifest(spec.manifest());
        r.setAppId(spec.appId());
        r.setArch(spec.arch());
        r.setBranch(spec.branch());
        r.setBuildRepo(config.buildRepo().toString());
        if (owned) {
            own(r);
        }
        return records.create(r);
    }

    /**
     * Records what a build's manifest names (app id, arch, branch, manifest path) as soon as it was read, so that
     * the record carries them whatever happens after; the requested values were recorded when it was created.
     */
    public BuildRecord named(String id, BuildNames names) {
        return records.update(id, r -> {
            r.setAppId(names.appId());
            r.setArch(names.arch());
            r.setBranch(names.branch());
            r.setManifest(names.manifest());
        });
    }

    public BuildRecord beginBuild(String id) {
        return records.transition(id, BuildStatus.BUILDING, Engine::own);
    }

    /** Imports what the build exported into the build-repo (every object re-checksummed); the build is built. */
    public BuildRecord importBuild(String id, Path exportRepo, BuildResult result, OutputSink log, Cancellation cancel) {
        return guarded(id, () -> {
            log.line("[flatpak] importing " + result.refs().size() + " ref(s) into the build-repo");
            Map<String, String> imported = buildRepo.importBuild(id, exportRepo, result.refs(), log, cancel);
            return records.transition(id, BuildStatus.BUILT, r -> built(r, result, imported));
        });
    }

    /**
     * Like {@link #importBuild}, for a build whose objects were sent partly: {@code staging} (from
     * {@code buildRepository().createStaging}) holds the objects the build-repo lacked, as listed by
     * {@code buildRepository().missing(inventory)}; every object is still verified on import.
     */
    public BuildRecord importPartial(String id, Path staging, ObjectInventory inventory, BuildResult result,
            OutputSink log, Cancellation cancel) {
        return guarded(id, () -> {
            log.line("[flatpak] importing " + inventory.refs().size() + " ref(s) into the build-repo");
            Map<String, String> imported = buildRepo.importPartial(id, staging, inventory, log, cancel);
            return records.transition(id, BuildStatus.BUILT, r -> built(r, result, imported));
        });
    }

    private static void built(BuildRecord r, BuildResult result, Map<String, String> imported) {
        r.setAppId(result.appId());
        r.setArch(result.arch());
        r.setBranch(result.branch());
        r.setManifest(result.manifest());
        r.setSourceCommit(result.sourceCommit());
        r.setRefs(imported);
        r.setCachedModules(result.cachedModules());
        r.setBuiltModules(result.builtModules());
        disown(r);
    }

    /** The whole build phase on this machine. */
    public BuildRecord build(BuildSpec spec, OutputSink forward, Cancellation cancel) {
        BuildRecord created = create(spec, true, null, null);
        String id = created.getId();
        try (PhaseLog log = openLog(id, "build", forward)) {
            log.progress("build " + id + " started");
            beginBuild(id);
            BuildResult result = guarded(id, () -> new FlatpakBuilder(runner, config.workRoot())
                    .build(id, spec, log, cancel, names -> named(id, names)));
            BuildRecord built = importBuild(id, Path.of(result.exportRepo()), result, log, cancel);
            Trees.delete(Path.of(result.exportRepo()).getParent());
            log.progress("build " + id + " built: " + String.join(", ", built.getRefs().keySet()));
            return built;
        }
    }

    /** Validates an imported build and marks it ready to publish. */
    public BuildRecord commit(String id, OutputSink forward, Cancellation cancel) {
        BuildRecord before = records.get(id);
        if (!before.getStatus().canMoveTo(BuildStatus.COMMITTING) && !RecordStore.isCommitRetry(before, BuildStatus.COMMITTING)) {
            throw new io.jenkins.plugins.flatpak.engine.record.IllegalTransitionException(id, before.getStatus(),
                    BuildStatus.COMMITTING);
        }
        try (PhaseLog log = openLog(id, "commit", forward)) {
            records.transition(id, BuildStatus.COMMITTING, Engine::own);
            return guarded(id, () -> {
                log.progress("validating " + before.getRefs().size() + " ref(s) of " + id);
                List<String> problems = new ArrayList<>(CommitValidator.problems(records.get(id), buildRepo.repo(), cancel));
                if (problems.isEmpty()) {
                    problems.addAll(CommitValidator.objectProblems(records.get(id), buildRepo.repo(), log, cancel));
                }
                if (!problems.isEmpty()) {
                    problems.forEach(p -> log.line("[flatpak] problem: " + p));
                    throw new FlatpakException("build " + id + " failed validation: " + String.join("; ", problems));
                }
                BuildRecord done = records.transition(id, BuildStatus.COMMITTED, Engine::disown);
                log.progress("build " + id + " committed");
                return done;
            });
        }
    }

    /**
     * Publishes a committed build. Publishing a build that is already published to the same repository
     * returns its record unchanged.
     */
    public BuildRecord publish(String id, PublishTarget target, SigningKey key, OutputSink forward,
            Cancellation cancel) {
        return publish(id, target, key, List.of(), forward, cancel);
    }

    /**
     * Publishes a committed build, signed by {@code key} and co-signed by {@code coSigners}, retired keys of the
     * repository (see {@link Publisher#rotateKey}). A signed repository is only ever signed by its own key: a publish
     * without it, or with another key, is refused before anything changes ({@link InvalidInputException}, the record
     * stays as it was).
     */
    public BuildRecord publish(String id, PublishTarget target, SigningKey key, List<SigningKey> coSigners,
            OutputSink forward, Cancellation cancel) {
        if (target.repoPath().toAbsolutePath().normalize().equals(config.buildRepo())) {
            throw new InvalidInputException("cannot publish into the build-repo itself (" + config.buildRepo()
                    + "); give another repository");
        }
        BuildRecord before = records.get(id);
        if (before.getStatus() == BuildStatus.PUBLISHED && target.name().equals(before.getTargetRepo())) {
            forward.line("[flatpak] build " + id + " is already published to " + target.name());
            return before;
        }
        boolean retry = RecordStore.isPublishRetry(before, BuildStatus.PUBLISHING);
        if (!before.getStatus().canMoveTo(BuildStatus.PUBLISHING) && !retry) {
            throw new io.jenkins.plugins.flatpak.engine.record.IllegalTransitionException(id, before.getStatus(),
                    BuildStatus.PUBLISHING);
        }
        if (retry && !RecordStore.isPublishRetryTo(before, target.name())) {
            throw new InvalidInputException(RecordStore.publishRetryElsewhere(before, target.name()));
        }
        Publisher.checkKeys(target, key, coSigners);
        try (PhaseLog log = openLog(id, "publish", forward)) {
            records.transition(id, BuildStatus.PUBLISHING, r -> {
                own(r);
                r.setTargetRepo(target.name());
                r.setTargetPath(target.repoPath().toAbsolutePath().normalize().toString());
            });
            return guarded(id, () -> {
                if (retry) {
                    log.progress("publishing " + id + " again: its earlier publish did not finish"
                            + (before.getError() == null ? "" : " (" + before.getError() + ")")
                            + "; a commit that had landed is kept, not published twice");
                }
                log.progress("publishing " + id + " into " + target.name() + " (" + target.path() + ")"
                        + (key == null ? ", unsigned" : ", signed by " + key.fingerprint()));
                Map<String, String> published = new Publisher(runner)
                        .publish(config.buildRepo(), before.getRefs(), target, key, coSigners, log, cancel);
                BuildRecord done = records.transition(id, BuildStatus.PUBLISHED, r -> {
                    r.setPublished(published);
                    r.setPublishedAt(Instant.now());
                    disown(r);
                });
                log.progress("build " + id + " published to " + target.name());
                return done;
            });
        }
    }

    /**
     * Replaces the signing key of a signed repository ({@link Publisher#rotateKey}): the summary is signed by both keys
     * and announces both, both are offered beside the repository, and later publishes sign with {@code newKey}.
     * {@code oldKey} null rotates without the old key, which cuts off clients that hold only it.
     */
    public io.jenkins.plugins.flatpak.engine.publish.RepositorySettings rotateKey(PublishTarget target,
            SigningKey newKey, SigningKey oldKey, OutputSink log) {
        if (target.repoPath().toAbsolutePath().normalize().equals(config.buildRepo())) {
            throw new InvalidInputException("the build-repo (" + config.buildRepo() + ") is not signed; give a "
                    + "repository builds are published into");
        }
        return new Publisher(runner).rotateKey(target, newKey, oldKey, log);
    }

    public BuildRecord fail(String id, String reason) {
        return records.transition(id, BuildStatus.FAILED, r -> {
            r.setError(reason);
            disown(r);
        });
    }

    public BuildRecord cancel(String id, String reason) {
        return records.transition(id, BuildStatus.CANCELLED, r -> {
            r.setError(reason);
            disown(r);
        });
    }

    /**
     * Cleans up after processes on this host that died (a crash, {@code kill -9}, a restart) in the middle of
     * a phase; call it when a process starts using the engine. First the tools such processes left running are
     * stopped and the GnuPG homes they left are removed ({@link Orphans#reapDeadOwners}), so nothing of theirs
     * still writes when work resumes. Then every build whose owner is gone is marked failed, with the reason and
     * what to do next: an interrupted publish or commit may be run again ({@link RecordStore#isRetry}); an
     * interrupted build, also one that {@link #build} had recorded but not yet begun, must start anew, and what
     * only it used on this machine is deleted (its directory under the work root, a partial import). A build that
     * another process took over meanwhile is left alone. Returns the records it changed.
     */
    public List<BuildRecord> recoverInterrupted() {
        Orphans.reapDeadOwners();
        List<BuildRecord> changed = new ArrayList<>();
        for (BuildRecord r : records.list()) {
            boolean owned = BuildStatus.ACTIVE.contains(r.getStatus()) || r.getStatus() == BuildStatus.CREATED;
            if (!owned || r.getOwner() == null) {
                continue;
            }
            ProcessOwner owner = ownerOf(r);
            if (owner == null || !owner.isGone()) {
                continue;
            }
            Orphans.reap(owner);
            BuildStatus status = r.getStatus();
            String next = status == BuildStatus.PUBLISHING ? "publish it again"
                    : status == BuildStatus.COMMITTING ? "commit it again" : "start a new build";
            String reason = (status == BuildStatus.CREATED ? "interrupted before its build started"
                    : "interrupted while " + status.id()) + ": the process doing it (pid " + owner.pid()
                    + ") is gone; " + next;
            java.util.Optional<BuildRecord> failed;
            try {
                failed = records.transitionIf(r.getId(),
                        now -> now.getStatus() == status && r.getOwner().equals(now.getOwner())
                                && java.util.Objects.equals(r.getOwnerStarted(), now.getOwnerStarted()),
                        BuildStatus.FAILED, f -> {
                            f.setError(reason);
                            f.setInterrupted(Boolean.TRUE);
                            disown(f);
                        });
            } catch (RuntimeException ignored) {
                // the record cannot be read or written now; the next recovery tries again
                continue;
            }
            if (failed.isEmpty()) {
                continue;
            }
            changed.add(failed.get());
            if (status == BuildStatus.PUBLISHING && r.getTargetPath() != null) {
                try {
                    new Publisher(runner).recoverSummary(Path.of(r.getTargetPath()), OutputSink.DISCARD);
                } catch (RuntimeException ignored) {
                    // the next summary update of that repository puts the previous summary back first
                }
            }
            if (status == BuildStatus.BUILDING || status == BuildStatus.CREATED) {
                // What only this build used: its sources, build dir and export repo, and a partial import.
                try {
                    Trees.delete(config.workRoot().resolve("builds").resolve(r.getId()));
                    buildRepo.deleteStaging(r.getId());
                } catch (RuntimeException ignored) {
                    // left for an administrator; the record already says what happened
                }
            }
        }
        return changed;
    }

    /** The process a record names as its owner, or null when the owner field is not {@code pid@host}. */
    static ProcessOwner ownerOf(BuildRecord r) {
        ProcessOwner named = ProcessOwner.parse(r.getOwner());
        return named == null ? null : new ProcessOwner(named.pid(), named.host(), r.getOwnerStarted());
    }

    private <T> T guarded(String id, Supplier<T> work) {
        try {
            return work.get();
        } catch (CancelledException e) {
            endQuietly(id, BuildStatus.CANCELLED, e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            endQuietly(id, BuildStatus.FAILED, e.getMessage() == null ? e.toString() : e.getMessage());
            throw e;
        }
    }

    private void endQuietly(String id, BuildStatus status, String reason) {
        try {
            BuildRecord current = records.get(id);
            if (current.getStatus().canMoveTo(status)) {
                records.transition(id, status, r -> {
                    r.setError(reason);
                    disown(r);
                });
            }
        } catch (RuntimeException ignored) {
            // the original failure matters more than a failure to record it
        }
    }

    private static void own(BuildRecord r) {
        ProcessOwner self = ProcessOwner.current();
        r.setOwner(self.pidAtHost());
        r.setOwnerStarted(self.startMillis());
    }

    private static void disown(BuildRecord r) {
        r.setOwner(null);
        r.setOwnerStarted(null);
    }
}
