package io.jenkins.plugins.flatpak.engine.publish;

import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.gpg.GpgHome;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One metadata update of a target repository: appstream, optional static deltas and prune, then the summary
 * and its signature, by {@code flatpak build-update-repo}, which takes no lock of its own: the caller holds
 * the repository's writer lock around it. The {@code .flatpakrepo} file is written under the same lock. The
 * previous signed summary is kept until the tool has finished ({@link SummaryBackup}): a failed or killed update
 * leaves the repository with it, never with a summary that does not verify.
 */
final class SummaryUpdate {
    static final Duration TIMEOUT = Duration.ofMinutes(60);

    private SummaryUpdate() {}

    /**
     * @param target    the effective values ({@link RepositorySettings#effective})
     * @param gpg       the home of every key that signs, or null for an unsigned repository
     * @param gpgImport a keyring to announce in the summary ({@code xa.gpg-keys}), which flatpak clients that verify
     *                  the summary add to their keys; flatpak keeps it in the config for later updates. Or null.
     */
    static void run(PublishTarget target, RepositorySettings settings, GpgHome gpg, Path gpgImport, ToolRunner runner,
            OutputSink log, Cancellation cancel) {
        Command c = Command.of("flatpak", "build-update-repo")
                .option("--title", target.effectiveTitle());
        if (target.collectionId() != null) {
            c.option("--collection-id", target.collectionId());
        }
        if (target.defaultBranch() != null) {
            c.option("--default-branch", target.defaultBranch());
        }
        if (Boolean.TRUE.equals(target.staticDeltas())) {
            c.arg("--generate-static-deltas");
        }
        if (target.pruneDepth() != null && target.pruneDepth() > 0) {
            c.arg("--prune").option("--prune-depth", Integer.toString(target.pruneDepth()));
        }
        if (gpgImport != null) {
            c.option("--gpg-import", gpgImport.toString());
        }
        if (gpg != null) {
            gpg.addSignOptions(c);
        }
        c.endOfOptions().arg(target.repoPath().toString());
        SummaryBackup.take(target.repoPath(), log);
        try {
            runner.run(c, TIMEOUT, log, cancel);
        } catch (RuntimeException e) {
            SummaryBackup.restoreIfInterrupted(target.repoPath(), log);
            throw e;
        }
        SummaryBackup.discard(target.repoPath());
        FlatpakRepoFile.write(target, settings);
    }
}
