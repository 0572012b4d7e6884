package io.jenkins.plugins.flatpak.engine;

import io.jenkins.plugins.flatpak.engine.build.BuildResult;
import io.jenkins.plugins.flatpak.engine.build.BuildSpec;
import io.jenkins.plugins.flatpak.engine.build.FlatpakBuilder;
import io.jenkins.plugins.flatpak.engine.commit.CommitValidator;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.CancelledException;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.PhaseLog;
import io.jenkins.plugins.flatpak.engine.fs.Trees;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import io.jenkins.plugins.flatpak.engine.publish.PublishTarget;
import io.jenkins.plugins.flatpak.engine.publish.Publisher;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.engine.record.RecordStore;
import io.jenkins.plugins.flatpak.engine.repo.BuildRepository;
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

    public Engine(EngineConfig config) {
        this.config = config;
        this.records = new RecordStore(config.home());
        this.buildRepo = new BuildRepository(config.buildRepo(), config.runner());
    }

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
        FlatpakBuilder.validate(spec);
        BuildRecord r = new BuildRecord();
        r.setSourceDir(spec.sourceDir());
        r.setGitUrl(spec.gitUrl());
        r.setGitBranch(spec.gitBranch());
        r.setManifest(spec.manifest());
        r.setAppId(spec.appId());
        r.setArch(spec.arch());
        r.setBranch(spec.branch());
        r.setBuildRepo(config.buildRepo().toString());
        return records.create(r);
    }

    public BuildRecord beginBuild(String id) {
        return records.transition(id, BuildStatus.BUILDING, r -> r.setOwner(owner()));
    }

    /** Imports what the build exported into the build-repo (every object re-checksummed); the build is built. */
    public BuildRecord importBuild(String id, Path exportRepo, BuildResult result, OutputSink log, Cancellation cancel) {
        return guarded(id, () -> {
            log.line("[flatpak] importing " + result.refs().size() + " ref(s) into the build-repo");
            Map<String, String> imported = buildRepo.importBuild(id, exportRepo, result.refs(), log, cancel);
            return records.transition(id, BuildStatus.BUILT, r -> {
                r.setAppId(result.appId());
                r.setArch(result.arch());
                r.setBranch(result.branch());
                r.setManifest(result.manifest());
                r.setSourceCommit(result.sourceCommit());
                r.setRefs(imported);
                r.setCachedModules(result.cachedModules());
                r.setBuiltModules(result.builtModules());
                r.setOwner(null);
            });
        });
    }

    /** The whole build phase on this machine. */
    public BuildRecord build(BuildSpec spec, OutputSink forward, Cancellation cancel) {
        BuildRecord created = createBuild(spec);
        String id = created.getId();
        try (PhaseLog log = openLog(id, "build", forward)) {
            log.progress("build " + id + " started");
            beginBuild(id);
            BuildResult result = guarded(id, () -> new FlatpakBuilder(config.runner(), config.workRoot())
                    .build(id, spec, log, cancel));
            BuildRecord built = importBuild(id, Path.of(result.exportRepo()), result, log, cancel);
            Trees.delete(Path.of(result.exportRepo()).getParent());
            log.progress("build " + id + " built: " + String.join(", ", built.getRefs().keySet()));
            return built;
        }
    }

    /** Validates an imported build and marks it ready to publish. */
    public BuildRecord commit(String id, OutputSink forward, Cancellation cancel) {
        BuildRecord before = records.get(id);
        if (!before.getStatus().canMoveTo(BuildStatus.COMMITTING)) {
            throw new io.jenkins.plugins.flatpak.engine.record.IllegalTransitionException(id, before.getStatus(),
                    BuildStatus.COMMITTING);
        }
        try (PhaseLog log = openLog(id, "commit", forward)) {
            records.transition(id, BuildStatus.COMMITTING, r -> r.setOwner(owner()));
            return guarded(id, () -> {
                log.progress("validating " + before.getRefs().size() + " ref(s) of " + id);
                List<String> problems = CommitValidator.problems(records.get(id), buildRepo.repo(), cancel);
                if (!problems.isEmpty()) {
                    problems.forEach(p -> log.line("[flatpak] problem: " + p));
                    throw new FlatpakException("build " + id + " failed validation: " + String.join("; ", problems));
                }
                BuildRecord done = records.transition(id, BuildStatus.COMMITTED, r -> r.setOwner(null));
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
        BuildRecord before = records.get(id);
        if (before.getStatus() == BuildStatus.PUBLISHED && target.name().equals(before.getTargetRepo())) {
            forward.line("[flatpak] build " + id + " is already published to " + target.name());
            return before;
        }
        if (!before.getStatus().canMoveTo(BuildStatus.PUBLISHING) && !RecordStore.isPublishRetry(before, BuildStatus.PUBLISHING)) {
            throw new io.jenkins.plugins.flatpak.engine.record.IllegalTransitionException(id, before.getStatus(),
                    BuildStatus.PUBLISHING);
        }
        try (PhaseLog log = openLog(id, "publish", forward)) {
            records.transition(id, BuildStatus.PUBLISHING, r -> {
                r.setOwner(owner());
                r.setTargetRepo(target.name());
            });
            return guarded(id, () -> {
                log.progress("publishing " + id + " into " + target.name() + " (" + target.path() + ")"
                        + (key == null ? ", unsigned" : ", signed by " + key.fingerprint()));
                Map<String, String> published = new Publisher(config.runner())
                        .publish(config.buildRepo(), before.getRefs(), target, key, log, cancel);
                BuildRecord done = records.transition(id, BuildStatus.PUBLISHED, r -> {
                    r.setPublished(published);
                    r.setPublishedAt(Instant.now());
                    r.setOwner(null);
                });
                log.progress("build " + id + " published to " + target.name());
                return done;
            });
        }
    }

    public BuildRecord fail(String id, String reason) {
        return records.transition(id, BuildStatus.FAILED, r -> {
            r.setError(reason);
            r.setOwner(null);
        });
    }

    public BuildRecord cancel(String id, String reason) {
        return records.transition(id, BuildStatus.CANCELLED, r -> {
            r.setError(reason);
            r.setOwner(null);
        });
    }

    /**
     * Marks builds whose owner process on this host is gone as failed: they were interrupted mid-phase.
     * Returns the records it changed.
     */
    public List<BuildRecord> recoverInterrupted() {
        List<BuildRecord> changed = new ArrayList<>();
        String host = host();
        for (BuildRecord r : records.list()) {
            if (!BuildStatus.ACTIVE.contains(r.getStatus()) || r.getOwner() == null) {
                continue;
            }
            String[] owner = r.getOwner().split("@", 2);
            if (owner.length == 2 && owner[1].equals(host) && !alive(owner[0])) {
                try {
                    String next = r.getStatus() == BuildStatus.PUBLISHING ? "publish it again" : "start a new build";
                    changed.add(fail(r.getId(), "interrupted while " + r.getStatus().id()
                            + ": the process doing it (pid " + owner[0] + ") is gone; " + next));
                } catch (RuntimeException ignored) {
                    // another process recovered it first
                }
            }
        }
        return changed;
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
                    r.setOwner(null);
                });
            }
        } catch (RuntimeException ignored) {
            // the original failure matters more than a failure to record it
        }
    }

    private static boolean alive(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String owner() {
        return ProcessHandle.current().pid() + "@" + host();
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }
}
