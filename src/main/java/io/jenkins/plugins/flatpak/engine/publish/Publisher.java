package io.jenkins.plugins.flatpak.engine.publish;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import io.jenkins.plugins.flatpak.engine.lock.PathLock;
import io.jenkins.plugins.flatpak.engine.repo.OstreeRepo;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
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
        return publish(buildRepo, refs, target, key, List.of(), log, cancel);
    }

    /**
     * Like {@link #publish(Path, Map, PublishTarget, SigningKey, OutputSink, Cancellation)}, with retired keys of the
     * repository signing too ({@code coSigners}): after a {@linkplain #rotateKey key rotation}, clients that still
     * hold only the old key keep verifying until they have learnt the new one.
     *
     * @throws io.jenkins.plugins.flatpak.engine.InvalidInputException when the repository's signing rules refuse the
     *     keys ({@link RepositorySettings#refusal}); nothing is written then
     */
    public Map<String, String> publish(Path buildRepo, Map<String, String> refs, PublishTarget target,
            SigningKey key, List<SigningKey> coSigners, OutputSink log, Cancellation cancel) {
        Map<String, String> checked = new LinkedHashMap<>();
        refs.forEach((ref, checksum) -> checked.put(Names.ref(ref), Names.checksum(checksum)));
        PublishJob job = new PublishJob(buildRepo, checked, target, key, coSigners, runner, log);
        return PublishQueue.of(target.repoPath()).publish(job, cancel == null ? Cancellation.none() : cancel);
    }

    /**
     * Refuses, before anything is written, a publish that the repository's signing rules would refuse: a signed
     * repository is only signed by its own key ({@link RepositorySettings#refusal}). The publish checks again under
     * the repository's writer lock.
     */
    public static void checkKeys(PublishTarget target, SigningKey key, List<SigningKey> coSigners) {
        String refusal = RepositorySettings.read(target.repoPath())
                .refusal(target.name(), target.repoPath().toAbsolutePath().normalize(), key, coSigners);
        if (refusal != null) {
            throw new InvalidInputException(refusal);
        }
    }

    /** What the repository remembers ({@link RepositorySettings}); for a repository that does not exist, the defaults. */
    public static RepositorySettings settings(Path repo) {
        return RepositorySettings.read(repo.toAbsolutePath().normalize());
    }

    /** Replaces the repository's signing key; see {@link KeyRotation}. */
    public RepositorySettings rotateKey(PublishTarget target, SigningKey newKey, SigningKey oldKey, OutputSink log) {
        return new KeyRotation(runner).rotate(target, newKey, oldKey, log);
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
