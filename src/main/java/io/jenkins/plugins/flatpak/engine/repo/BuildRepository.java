package io.jenkins.plugins.flatpak.engine.repo;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.Names;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.fs.Trees;
import io.jenkins.plugins.flatpak.engine.lock.PathLock;
import io.jenkins.plugins.flatpak.engine.transfer.ObjectInventory;
import io.jenkins.plugins.flatpak.engine.transfer.ObjectNames;
import io.jenkins.plugins.flatpak.engine.transfer.ObjectsMissingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The shared build-repo on the controller. Builds never export into it directly: each build's private
 * repository is imported by exact checksum with {@code --untrusted}, which re-checksums every object, one
 * writer at a time. Each imported commit also gets a build-scoped ref ({@code builds/<id>/<ref>}) so a later
 * build of the same app cannot move what an earlier build recorded.
 *
 * <p>Minimal transfer from a machine without a shared filesystem: the building side lists its export repository
 * ({@link ObjectInventory#of}), {@link #missing} says which of those objects this repository lacks, only those
 * travel into a {@linkplain #createStaging staging repository}, and {@link #importPartial} imports from it. The
 * import's pull never reads an object the build-repo already has, so the staging repository needs nothing else;
 * every object it does read is verified.
 */
public final class BuildRepository {
    private static final Duration IMPORT_TIMEOUT = Duration.ofMinutes(60);

    private final OstreeRepo repo;
    private final ToolRunner runner;

    public BuildRepository(Path path, ToolRunner runner) {
        this.repo = new OstreeRepo(path, runner);
        this.runner = runner;
    }

    public OstreeRepo repo() {
        return repo;
    }

    public static String buildRef(String buildId, String ref) {
        return "builds/" + Names.buildId(buildId) + "/" + ref;
    }

    /**
     * Imports every ref of a build; returns ref to its commit in the build-repo. One {@code ostree pull-local
     * --untrusted} brings every commit in by its exact checksum, re-checksumming each object it reads (what
     * {@code flatpak build-commit-from --untrusted} does first, before it writes a commit of its own per ref; the
     * build-repo keeps the exported commits themselves, so one process serves every ref of the build). Then each
     * ref and its build-scoped ref are pointed at its commit, written as ref files under the writer lock.
     */
    public Map<String, String> importBuild(String buildId, Path exportRepo, Map<String, String> refs, OutputSink log,
            Cancellation cancel) {
        Map<String, String> commits = new LinkedHashMap<>();
        refs.forEach((ref, commit) -> commits.put(Names.ref(ref), Names.checksum(commit)));
        Names.buildId(buildId);
        Map<String, String> imported = new LinkedHashMap<>();
        try (PathLock lock = repo.lock()) {
            repo.ensureExists(null, log, cancel);
            if (commits.isEmpty()) {
                return imported;
            }
            Command pull = repo.ostree("pull-local").arg("--untrusted").positional(exportRepo.toString());
            new LinkedHashSet<>(commits.values()).forEach(pull::positional);
            runner.run(pull, IMPORT_TIMEOUT, log, cancel);
            for (Map.Entry<String, String> e : commits.entrySet()) {
                String ref = e.getKey();
                String commit = e.getValue();
                repo.writeRef(ref, commit); // refuses a commit the pull did not bring in
                repo.writeRef(buildRef(buildId, ref), commit);
                log.line(ref + ": " + commit);
                imported.put(ref, commit);
            }
        }
        return imported;
    }

    /** The objects of {@code inventory} this repository lacks, sorted: the ones to send. */
    public List<String> missing(ObjectInventory inventory) {
        List<String> missing = new ArrayList<>();
        for (String name : inventory.objects().keySet()) {
            if (!repo.hasObject(name)) {
                missing.add(name);
            }
        }
        return missing;
    }

    /**
     * A new, empty archive-mode repository to receive a build's objects into, beside the build-repo (same
     * filesystem); any earlier one of the same build is replaced. Put each received object at
     * {@link ObjectNames#relativePath} inside it, e.g. with {@code ObjectPack.read}.
     */
    public Path createStaging(String buildId, OutputSink log, Cancellation cancel) {
        Path staging = stagingPath(buildId);
        Trees.delete(staging);
        try {
            Files.createDirectories(staging);
        } catch (java.io.IOException e) {
            throw new FlatpakException("cannot create " + staging + ": " + e.getMessage(), e);
        }
        runner.run(Command.of("ostree", "init").option("--repo", staging.toString()).option("--mode", "archive-z2"),
                Duration.ofMinutes(5), log, cancel);
        return staging;
    }

    /** Where {@link #createStaging} puts the staging repository of a build. */
    public Path stagingPath(String buildId) {
        return repo.path().resolveSibling("." + repo.path().getFileName() + ".staging").resolve(Names.buildId(buildId));
    }

    public void deleteStaging(String buildId) {
        Trees.delete(stagingPath(buildId));
    }

    /**
     * Imports a build whose objects were partly sent: every object of {@code inventory} must be in
     * {@code staging} or already in this repository (else {@link ObjectsMissingException}, before anything is
     * imported), then each ref is imported as by {@link #importBuild}, verifying every object read from staging.
     * The staging repository is removed afterwards, whether the import worked or not.
     */
    public Map<String, String> importPartial(String buildId, Path staging, ObjectInventory inventory, OutputSink log,
            Cancellation cancel) {
        try (PathLock lock = repo.lock()) {
            List<String> absent = new ArrayList<>();
            for (String name : inventory.objects().keySet()) {
                if (!Files.isRegularFile(staging.resolve(ObjectNames.relativePath(name))) && !repo.hasObject(name)) {
                    absent.add(name);
                }
            }
            if (!absent.isEmpty()) {
                throw new ObjectsMissingException(absent);
            }
            return importBuild(buildId, staging, inventory.refs(), log, cancel);
        } finally {
            Trees.delete(staging);
        }
    }
}
