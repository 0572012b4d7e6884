package io.jenkins.plugins.flatpak.engine.publish;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.Names;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.gpg.GpgHome;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import io.jenkins.plugins.flatpak.engine.lock.PathLock;
import io.jenkins.plugins.flatpak.engine.repo.OstreeRepo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Moves a build's commits from the build-repo into a target repository by checksum, signing each new commit,
 * then waits for a (coalesced) signed summary update. Commit imports are serialized per repository with its
 * writer lock; no summary is written during them ({@code --no-update-summary}).
 */
public final class Publisher {
    private static final Duration COMMIT_TIMEOUT = Duration.ofMinutes(60);

    private final ToolRunner runner;

    public Publisher(ToolRunner runner) {
        this.runner = runner;
    }

    /**
     * @param refs ref to commit checksum in {@code buildRepo}
     * @return ref to commit checksum in the target repository
     */
    public Map<String, String> publish(Path buildRepo, Map<String, String> refs, PublishTarget target,
            SigningKey key, OutputSink log, Cancellation cancel) {
        OstreeRepo repo = new OstreeRepo(target.repoPath(), runner);
        Map<String, String> published = new LinkedHashMap<>();
        try (GpgHome gpg = key == null ? null : GpgHome.open(key, runner)) {
            try (PathLock lock = repo.lock()) {
                repo.ensureExists(target.collectionId(), log, cancel);
                for (Map.Entry<String, String> e : refs.entrySet()) {
                    String ref = Names.ref(e.getKey());
                    String checksum = Names.checksum(e.getValue());
                    log.line("[flatpak] publishing " + ref + " into " + target.name());
                    // No --force: a retry of a publish that already landed finds no changes and makes no commit.
                    Command c = Command.of("flatpak", "build-commit-from")
                            .arg("--no-update-summary")
                            .option("--src-repo", buildRepo.toString())
                            .option("--src-ref", checksum);
                    if (gpg != null) {
                        gpg.addSignOptions(c);
                    }
                    runner.run(c.endOfOptions().arg(repo.path().toString()).arg(ref), COMMIT_TIMEOUT, log, cancel);
                    String commit = repo.revParse(ref, cancel);
                    if (commit == null) {
                        throw new FlatpakException("publishing " + ref + " left no ref in " + target.name());
                    }
                    published.put(ref, commit);
                }
            }
        }
        SummaryQueue.of(target.repoPath()).updateAndWait(target, key, runner, log, cancel);
        return published;
    }
}
