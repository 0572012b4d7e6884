package io.jenkins.plugins.flatpak.engine.publish;

import io.jenkins.plugins.flatpak.engine.Names;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import io.jenkins.plugins.flatpak.engine.lock.PathLock;
import io.jenkins.plugins.flatpak.engine.repo.OstreeRepo;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Moves a build's commits from the build-repo into a target repository by checksum, signing each new commit,
 * and returns once a signed summary lists them. Publishes into one repository from any number of threads
 * are batched by a {@link PublishQueue} (one writer lock, one GnuPG home and few tool runs for many builds)
 * and share summary updates ({@link SummaryQueue}), also with other processes publishing there.
 */
public final class Publisher {
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
        Map<String, String> checked = new LinkedHashMap<>();
        refs.forEach((ref, checksum) -> checked.put(Names.ref(ref), Names.checksum(checksum)));
        PublishJob job = new PublishJob(buildRepo, checked, target, key, runner, log);
        return PublishQueue.of(target.repoPath()).publish(job, cancel == null ? Cancellation.none() : cancel);
    }

    /**
     * After a publish was interrupted: puts back the previous signed summary of {@code repo} if a summary update
     * there did not finish ({@link SummaryBackup}). Waits for the repository's writer lock, so it never touches an
     * update that a live process is running. Returns whether it did.
     */
    public boolean recoverSummary(Path repo, OutputSink log) {
        OstreeRepo target = new OstreeRepo(repo, runner);
        try (PathLock lock = target.lock()) {
            return SummaryBackup.restoreIfInterrupted(target.path(), log);
        }
    }
}
