package io.jenkins.plugins.flatpak.engine.build;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolFailedException;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.fs.Trees;
import io.jenkins.plugins.flatpak.engine.lock.PathLock;
import io.jenkins.plugins.flatpak.engine.manifest.Manifest;
import io.jenkins.plugins.flatpak.engine.manifest.ManifestLoader;
import io.jenkins.plugins.flatpak.engine.manifest.ManifestLocator;
import io.jenkins.plugins.flatpak.engine.repo.OstreeRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs flatpak-builder on the machine where the build happens (a Jenkins agent, or the runner's host) and
 * exports the result into a private per-build repository. Never touches the shared build-repo.
 *
 * <p>Layout under the work root: {@code builds/<id>/} (sources as fetched, build dir, export repo) and
 * {@code state/<app>/<arch>/<branch>/} (flatpak-builder's state dir, locked while in use). The sources are
 * staged at a fixed path inside the state dir because flatpak-builder keys its cache on the absolute
 * manifest path when {@code --state-dir} is given: a stable path lets rebuilds hit the cache from any
 * workspace. After each build the staged sources are removed and the state dir is trimmed to its
 * {@link CacheRetention} (the spec's, else the builder's).
 *
 * <p>The export repository is per build on purpose: the caller reads it after the state dir's lock is released,
 * so a later build must not change it; exporting into a kept repository measured no faster here (ostree compresses
 * every file either way), and the objects a build-repo already has are skipped at transfer time instead
 * ({@code transfer.ObjectInventory}).
 */
public final class FlatpakBuilder {
    private static final Pattern CACHE_HIT = Pattern.compile("^Cache hit for ([^,]+), skipping build");
    private static final Pattern BUILDING = Pattern.compile("^Building module (\\S+) in ");
    static final String STAGED_SOURCES = "pipeline-src";

    private final ToolRunner runner;
    private final Path workRoot;
    private final Path stateRoot;
    private final CacheRetention retention;

    /** State dirs under {@code <workRoot>/state}, {@link CacheRetention#DEFAULT} retention. */
    public FlatpakBuilder(ToolRunner runner, Path workRoot) {
        this(runner, workRoot, workRoot.resolve("state"), CacheRetention.DEFAULT);
    }

    private FlatpakBuilder(ToolRunner runner, Path workRoot, Path stateRoot, CacheRetention retention) {
        this.runner = runner;
        this.workRoot = workRoot.toAbsolutePath().normalize();
        this.stateRoot = stateRoot.toAbsolutePath().normalize();
        this.retention = retention;
    }

    /**
     * Keeps the per app/arch/branch state dirs (flatpak-builder's cache) under {@code stateRoot} instead, e.g. one
     * directory per machine so that every workspace on it shares the cache. It must be on the same filesystem as
     * the work root (flatpak-builder requires it).
     */
    public FlatpakBuilder withStateRoot(Path stateRoot) {
        return new FlatpakBuilder(runner, workRoot, stateRoot, retention);
    }

    /** What to keep of a state dir after each build whose spec does not say. */
    public FlatpakBuilder withRetention(CacheRetention retention) {
        return new FlatpakBuilder(runner, workRoot, stateRoot, retention == null ? CacheRetention.UNLIMITED : retention);
    }

    /** The state dir a build of this app, arch and branch uses when its spec names none. */
    public Path stateDir(String appId, String arch, String branch) {
        return stateRoot.resolve(Names.appId(appId)).resolve(Names.arch(arch)).resolve(Names.branch(branch));
    }

    public BuildResult build(String buildId, BuildSpec spec, OutputSink log, Cancellation cancel) {
        return build(buildId, spec, log, cancel, names -> { });
    }

    /**
     * Builds, telling {@code named} what the manifest names as soon as it was read and checked. The build's
     * directory under the work root ({@code builds/<id>}) is left holding only the export repository when the build
     * succeeds, and is removed when it fails, is cancelled or times out.
     */
    public BuildResult build(String buildId, BuildSpec spec, OutputSink log, Cancellation cancel,
            Consumer<BuildNames> named) {
        Names.buildId(buildId);
        validate(spec);
        Path buildDir = workRoot.resolve("builds").resolve(buildId);
        Trees.delete(buildDir);
        mkdirs(buildDir);
        try {
            return build(buildId, spec, buildDir, log, cancel, named);
        } catch (RuntimeException | Error e) {
            deleteQuietly(buildDir, log); // a failed build keeps nothing: no sources, no build dir, no partial export
            throw e;
        }
    }

    private BuildResult build(String buildId, BuildSpec spec, Path buildDir, OutputSink log, Cancellation cancel,
            Consumer<BuildNames> named) {
        Path fetched = buildDir.resolve("src");
        Prepared prepared = prepare(spec, fetched, log, cancel);
        named.accept(new BuildNames(prepared.manifest().appId(), prepared.arch(), prepared.branch(),
                prepared.manifestRel()));
        String sourceCommit = prepared.sourceCommit();
        String manifestRel = prepared.manifestRel();
        Manifest manifest = prepared.manifest();
        String appId = manifest.appId();
        String arch = prepared.arch();
        String branch = prepared.branch();

        Path stateDir = spec.stateDir() != null ? workRoot.resolve(spec.stateDir()).normalize()
                : stateDir(appId, arch, branch);
        mkdirs(stateDir);
        Path exportRepo = buildDir.resolve("export-repo");
        List<String> cached = new ArrayList<>();
        List<String> built = new ArrayList<>();
        progress(log, "waiting for state dir " + stateDir);
        try (PathLock stateLock = PathLock.acquire(stateDir.resolve(".pipeline.lock"))) {
            Path staged = stateDir.resolve(STAGED_SOURCES);
            Path stagedManifest = staged.resolve(manifestRel);
            try {
                Trees.delete(staged);
                try {
                    Files.move(fetched, staged);
                } catch (IOException e) {
                    throw new FlatpakException("cannot stage sources in " + staged + ": " + e.getMessage(), e);
                }
                Command cmd = builderCommand(buildId, spec, appId, arch, branch, sourceCommit, stateDir, exportRepo,
                        buildDir.resolve("build"), stagedManifest);
                InterruptedBuildMarker.begin(stateDir, runner, log, cancel);
                progress(log, "flatpak-builder " + appId + " " + arch + "/" + branch);
                OutputSink watch = line -> {
                    Matcher hit = CACHE_HIT.matcher(line);
                    if (hit.find()) {
                        cached.add(hit.group(1));
                    }
                    Matcher b = BUILDING.matcher(line);
                    if (b.find()) {
                        built.add(b.group(1));
                    }
                    log.line(line);
                };
                boolean endedItself = false;
                try {
                    runner.run(cmd, spec.effectiveTimeout(), watch, cancel);
                    endedItself = true;
                } catch (ToolFailedException e) {
                    endedItself = e.exitCode() < 128; // not killed by a signal
                    throw e;
                } finally {
                    if (endedItself) {
                        InterruptedBuildMarker.end(stateDir); // a stopped or killed builder gets its cache checked
                    }
                }
            } finally {
                // each step on its own: one that fails (the Launcher is gone with the controller) skips no other
                try {
                    StaleMounts.unmountBelow(stateDir, runner, log);
                } catch (RuntimeException e) {
                    progress(log, "warning: cannot unmount what flatpak-builder left in " + stateDir + ": "
                            + e.getMessage());
                }
                deleteQuietly(buildDir.resolve("build"), log);
                deleteQuietly(fetched, log);
                deleteQuietly(staged, log);
                keep(stateDir, CacheBranch.of(arch, stagedManifest),
                        spec.cacheRetention() != null ? spec.cacheRetention() : retention, log);
            }
        }

        Map<String, String> refs = exportedRefs(new OstreeRepo(exportRepo, runner), appId);
        if (refs.keySet().stream().noneMatch(r -> r.startsWith("app/") || r.startsWith("runtime/" + appId + "/"))) {
            throw new FlatpakException("flatpak-builder exported no ref for " + appId + " into " + exportRepo);
        }
        progress(log, "exported " + String.join(", ", refs.keySet()));
        return new BuildResult(exportRepo.toString(), refs, appId, arch, branch, manifestRel, sourceCommit, cached,
                built);
    }

    /**
     * Marks the cache branch as used and applies the retention limits. Runs after failed builds too (their module
     * build dirs are what a size limit removes first); a failure here is logged, never fails the build.
     */
    private void keep(Path stateDir, String cacheBranch, CacheRetention keep, OutputSink log) {
        try {
            Instant now = Instant.now();
            StateRetention.markUsed(stateDir, cacheBranch, now);
            RetentionReport report = new StateRetention(runner).apply(stateDir, cacheBranch, keep, now, log,
                    Cancellation.none());
            for (String removed : report.removed()) {
                progress(log, "cache retention removed " + removed);
            }
            if (report.bytes() >= 0) {
                progress(log, "state dir " + stateDir + " holds " + report.bytes() + " bytes (limit "
                        + keep.maxBytes() + ")");
            }
        } catch (RuntimeException e) {
            progress(log, "warning: cache retention failed in " + stateDir + ": " + e.getMessage());
        }
    }

    /** What a build needs before flatpak-builder runs: its sources fetched, its manifest loaded and checked. */
    private record Prepared(String sourceCommit, String manifestRel, Manifest manifest, String arch, String branch) {
    }

    /**
     * Fetches the sources and checks the manifest. A local tree's git commit is asked only once the manifest
     * was accepted, so a refused manifest starts no tool at all.
     */
    private Prepared prepare(BuildSpec spec, Path fetched, OutputSink log, Cancellation cancel) {
        String sourceCommit = null;
        Path localSource = null;
        if (spec.gitUrl() != null) {
            progress(log, "cloning " + spec.gitUrl() + (spec.gitBranch() == null ? "" : " (" + spec.gitBranch() + ")"));
            sourceCommit = GitSource.shallowClone(runner, spec.gitUrl(), spec.gitBranch(), fetched, log, cancel);
            progress(log, "source commit " + sourceCommit);
        } else {
            localSource = sourceDirectory(spec.sourceDir());
            Trees.copy(localSource, fetched, Set.of(".flatpak-builder", ".flatpak-pipeline", ".git"));
        }

        Path manifestFile = spec.manifest() == null
                ? ManifestLocator.find(fetched, spec.appId())
                : ManifestLocator.resolve(fetched, spec.manifest());
        String manifestRel = fetched.relativize(manifestFile).toString();
        Manifest manifest = ManifestLoader.load(fetched, manifestFile);
        manifest.warnings().forEach(w -> log.line("[flatpak] warning: " + w));
        if (spec.appId() != null && !spec.appId().equals(manifest.appId())) {
            throw new InvalidInputException("manifest " + Names.quote(manifestRel) + " builds "
                    + Names.quote(manifest.appId()) + ", not the requested app id " + Names.quote(spec.appId()));
        }
        String arch = spec.arch() != null ? spec.arch() : defaultArch(cancel);
        String branch = branch(spec, manifest, manifestRel);
        if (spec.sandbox() && manifest.usesBuildArgs()) {
            throw new InvalidInputException("manifest " + Names.quote(manifestRel)
                    + " uses build-args, which a --sandbox build forbids");
        }
        Names.arch(arch);
        Names.branch(branch);
        if (localSource != null) {
            sourceCommit = GitSource.headCommit(runner, localSource, cancel);
        }
        return new Prepared(sourceCommit, manifestRel, manifest, arch, branch);
    }

    /**
     * The branch flatpak-builder will export: a manifest's {@code branch} wins over {@code --default-branch},
     * so a requested branch that contradicts it is refused rather than silently ignored.
     */
    private static String branch(BuildSpec spec, Manifest manifest, String manifestRel) {
        if (manifest.branch() != null) {
            if (spec.branch() != null && !spec.branch().equals(manifest.branch())) {
                throw new InvalidInputException("manifest " + Names.quote(manifestRel) + " fixes branch "
                        + Names.quote(manifest.branch()) + ", so branch " + Names.quote(spec.branch())
                        + " cannot be built from it; use default-branch in the manifest instead");
            }
            return manifest.branch();
        }
        if (spec.branch() != null) {
            return spec.branch();
        }
        return manifest.defaultBranch() != null ? manifest.defaultBranch() : "master";
    }

    /**
     * The arch flatpak builds for by default where this builder's tools run. Asked once per builder: the tools may
     * run in a container the user chose, whose flatpak is not this machine's.
     */
    public String defaultArch(Cancellation cancel) {
        String arch = hostArch;
        if (arch == null) {
            arch = runner.capture(Command.of("flatpak", "--default-arch"), Duration.ofMinutes(1), OutputSink.DISCARD,
                    cancel).output().get(0).trim();
            hostArch = arch;
        }
        return arch;
    }

    private volatile String hostArch;

    private Command builderCommand(String buildId, BuildSpec spec, String appId, String arch, String branch,
            String sourceCommit, Path stateDir, Path exportRepo, Path builddir, Path manifest) {
        Command c = Command.of("flatpak-builder")
                .arg("--force-clean")
                .arg("--disable-updates")
                .option("--state-dir", stateDir.toString())
                .option("--default-branch", branch)
                .option("--arch", arch)
                .option("--subject", subject(buildId, spec, appId, sourceCommit))
                .option("--repo", exportRepo.toString())
                // Without rofiles-fuse flatpak-builder checks its cache out by copy, never by hard links, so a build
                // cannot change the cache either way; with it every module, cleanup and finish step mounts a FUSE
                // file system (measured here: 0.25-0.5 s more for a one-module app) that a killed build leaves
                // behind, and containers often cannot mount it at all. CI systems pass it for the same reasons.
                .arg("--disable-rofiles-fuse");
        if (spec.installDepsFrom() != null) {
            c.option("--install-deps-from", spec.installDepsFrom()).arg("--user");
        }
        if (spec.ccache()) {
            c.arg("--ccache");
        }
        if (spec.sandbox()) {
            c.arg("--sandbox");
        }
        return c.endOfOptions().arg(builddir.toString()).arg(manifest.toString());
    }

    private static String subject(String buildId, BuildSpec spec, String appId, String sourceCommit) {
        StringBuilder s = new StringBuilder("Build ").append(buildId).append(" of ").append(appId);
        if (spec.gitUrl() != null) {
            s.append(" from ").append(spec.gitUrl());
        }
        if (sourceCommit != null) {
            s.append(" at ").append(sourceCommit);
        }
        return s.toString();
    }

    /**
     * The refs the build exported for this app: the app and its extensions (.Locale, .Debug, .Sources), with their
     * commits, read from the private export repository's ref files (flatpak-builder's build-export writes them
     * there; no ostree process per ref).
     */
    static Map<String, String> exportedRefs(OstreeRepo repo, String appId) {
        Map<String, String> refs = new LinkedHashMap<>();
        if (!repo.exists()) {
            return refs;
        }
        repo.localRefs().forEach((ref, commit) -> {
            String[] p = ref.split("/");
            if (p.length == 4 && (p[1].equals(appId) || p[1].startsWith(appId + "."))) {
                refs.put(ref, commit);
            }
        });
        return refs;
    }

    /** Checks every value of a spec that can be checked before anything runs. */
    public static void validate(BuildSpec spec) {
        if ((spec.sourceDir() == null) == (spec.gitUrl() == null)) {
            throw new InvalidInputException("give either a source directory or a git URL");
        }
        if (spec.gitUrl() != null) {
            GitUrls.validate(spec.gitUrl());
            if (spec.gitBranch() != null) {
                GitUrls.validateBranch(spec.gitBranch());
            }
        }
        if (spec.appId() != null) {
            Names.appId(spec.appId());
        }
        if (spec.arch() != null) {
            Names.arch(spec.arch());
        }
        if (spec.branch() != null) {
            Names.branch(spec.branch());
        }
        if (spec.installDepsFrom() != null && !spec.installDepsFrom().matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new InvalidInputException("invalid remote name for installDepsFrom " + Names.quote(spec.installDepsFrom()));
        }
        if (spec.stateDir() != null) {
            checkPlainPath("state dir", spec.stateDir());
        }
        if (spec.manifest() != null) {
            checkPlainPath("manifest path", spec.manifest());
            if (spec.gitUrl() != null && (Path.of(spec.manifest()).isAbsolute()
                    || Path.of(spec.manifest()).normalize().startsWith("..") || spec.manifest().contains("/../"))) {
                throw new InvalidInputException("invalid manifest path " + Names.quote(spec.manifest())
                        + ": give a path relative to the top of the git repository");
            }
        }
        if (spec.timeout() != null && (spec.timeout().isNegative() || spec.timeout().isZero())) {
            throw new InvalidInputException("invalid timeout " + spec.timeout() + ": it must be positive");
        }
    }

    private static void checkPlainPath(String what, String value) {
        if (value.isEmpty() || value.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            throw new InvalidInputException("invalid " + what + " " + Names.quote(value));
        }
    }

    private static Path sourceDirectory(String dir) {
        checkPlainPath("source directory", dir);
        Path p = Path.of(dir).toAbsolutePath().normalize();
        if (!Files.isDirectory(p)) {
            throw new InvalidInputException("source directory " + Names.quote(dir) + " does not exist");
        }
        return p;
    }

    private static void deleteQuietly(Path dir, OutputSink log) {
        try {
            Trees.delete(dir);
        } catch (RuntimeException e) {
            progress(log, "warning: cannot delete " + dir + ": " + e.getMessage());
        }
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new FlatpakException("cannot create " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void progress(OutputSink log, String message) {
        log.line("[flatpak] " + message);
    }
}
