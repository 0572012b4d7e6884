package io.jenkins.plugins.flatpak.engine.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.Engine;
import io.jenkins.plugins.flatpak.engine.EngineConfig;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolFailedException;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.gpg.KeyGenerator;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import io.jenkins.plugins.flatpak.engine.lock.ProcessOwner;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.engine.repo.OstreeRepo;
import io.jenkins.plugins.flatpak.faults.DerivedApps;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A summary update cut short between {@code build-update-repo} writing the summary and writing its signature
 * (as a {@code kill -9} can): recovery puts the previous signed summary back, so the repository verifies again
 * before any key is at hand. The cut is made deterministic here by rewriting the summary unsigned with
 * {@code ostree summary -u} after the backup was taken, which is the state such a kill leaves.
 */
class InterruptedSummaryUpdateTest {
    private static final String APP = "org.example.summary.Interrupted";

    @Test
    void recoveryPutsBackThePreviousSignedSummary() throws Exception {
        Path home = FlatpakTestEnv.tempDir("interrupted-summary");
        Engine engine = new Engine(EngineConfig.inHome(home, FlatpakTestEnv.runner()));
        Path repo = home.resolve("repos").resolve("stable");
        byte[] publicKey;
        String id = DerivedApps.commit(engine, DerivedApps.export(APP, "stable", APP + " version 1"));
        try (SigningKey key = SigningKey.parse(KeyGenerator.generateArmoredSecretKey("S <s@example.org>", null), null)) {
            publicKey = key.publicKeyBinary();
            engine.publish(id, PublishTarget.simple("stable", repo), key, OutputSink.DISCARD, Cancellation.none());
        }
        String ref = "app/" + APP + "/" + FlatpakTestEnv.arch() + "/stable";
        assertTrue(SignedSummary.refs(repo, publicKey).contains(ref));

        SummaryBackup.take(repo, OutputSink.DISCARD);
        new ToolRunner().run(Command.of("ostree", "summary")
                .option("--repo", repo.toString()).arg("-u"), FlatpakTestEnv.TOOL_TIMEOUT, OutputSink.DISCARD, null);
        assertFalse(Files.exists(repo.resolve("summary.sig")), "the cut left an unsigned summary");
        assertThrows(ToolFailedException.class, () -> SignedSummary.refs(repo, publicKey));

        // The publish that was cut short, as its record says after the crash: owned by a process that is gone.
        String cut = DerivedApps.commit(engine, DerivedApps.export(APP, "stable", APP + " version 2"));
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        engine.records().transition(cut, BuildStatus.PUBLISHING, r -> {
            r.setOwner(gone.pid() + "@" + ProcessOwner.current().host());
            r.setTargetPath(repo.toString());
        });
        List<BuildRecord> recovered = engine.recoverInterrupted();

        assertEquals(List.of(cut), recovered.stream().map(BuildRecord::getId).toList());
        assertTrue(SignedSummary.refs(repo, publicKey).contains(ref), "the previous signed summary verifies");
        assertTrue(Files.exists(repo.resolve("summary.idx.sig")));
        assertFalse(Files.exists(SummaryBackup.dirOf(repo)), "the backup is gone once put back");
        assertEquals(List.of(), new OstreeRepo(repo,
                new ToolRunner()).fsck(null));
    }

    @Test
    void aFinishedUpdateLeavesNoBackup() throws Exception {
        Path home = FlatpakTestEnv.tempDir("finished-summary");
        Engine engine = new Engine(EngineConfig.inHome(home, FlatpakTestEnv.runner()));
        Path repo = home.resolve("repos").resolve("stable");
        String id = DerivedApps.commit(engine, DerivedApps.export(APP, "stable", APP + " version 1"));
        try (SigningKey key = SigningKey.parse(KeyGenerator.generateArmoredSecretKey("S <s@example.org>", null), null)) {
            engine.publish(id, PublishTarget.simple("stable", repo), key, OutputSink.DISCARD, Cancellation.none());
        }
        assertTrue(Files.isRegularFile(repo.resolve("summary.sig")));
        assertFalse(Files.exists(SummaryBackup.dirOf(repo)));
        assertFalse(SummaryBackup.restoreIfInterrupted(repo, OutputSink.DISCARD), "nothing to put back");
    }
}
