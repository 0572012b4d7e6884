package io.jenkins.plugins.flatpak.engine.repo;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.Names;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.lock.PathLock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shared build-repo on the controller. Builds never export into it directly: each build's private
 * repository is imported by exact checksum with {@code --untrusted}, which re-checksums every object, one
 * writer at a time. Each imported commit also gets a build-scoped ref ({@code builds/<id>/<ref>}) so a later
 * build of the same app cannot move what an earlier build recorded.
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

    /** Imports every ref of a build; returns ref to its commit in the build-repo. */
    public Map<String, String> importBuild(String buildId, Path exportRepo, Map<String, String> refs, OutputSink log,
            Cancellation cancel) {
        Map<String, String> imported = new LinkedHashMap<>();
        try (PathLock lock = repo.lock()) {
            repo.ensureExists(null, log, cancel);
            for (Map.Entry<String, String> e : refs.entrySet()) {
                String ref = Names.ref(e.getKey());
                String checksum = Names.checksum(e.getValue());
                runner.run(Command.of("flatpak", "build-commit-from")
                        .arg("--untrusted")
                        .arg("--no-update-summary")
                        .arg("--force")
                        .option("--src-repo", exportRepo.toString())
                        .option("--src-ref", checksum)
                        .endOfOptions()
                        .arg(repo.path().toString())
                        .arg(ref), IMPORT_TIMEOUT, log, cancel);
                String commit = repo.revParse(ref, cancel);
                if (commit == null) {
                    throw new FlatpakException("import of " + ref + " left no ref in the build-repo");
                }
                String scoped = buildRef(buildId, ref);
                if (repo.revParse(scoped, cancel) != null) {
                    repo.deleteRefs(java.util.List.of(scoped), log, cancel);
                }
                repo.createRef(scoped, commit, log, cancel);
                imported.put(ref, commit);
            }
        }
        return imported;
    }
}
