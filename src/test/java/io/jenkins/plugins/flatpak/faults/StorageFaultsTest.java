package io.jenkins.plugins.flatpak.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.Engine;
import io.jenkins.plugins.flatpak.engine.EngineConfig;
import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.gpg.KeyGenerator;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import io.jenkins.plugins.flatpak.engine.publish.PublishTarget;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A repository whose disk is full, and one that is read-only: publishing (or importing a build) fails with an
 * error that says so, the build is recorded as failed in that phase with the same reason, the repository stays
 * as it was and consistent ({@link RepoCheck}), and once space is freed or the repository is writable again,
 * publishing the same build again succeeds. Uses a real small tmpfs and a real read-only bind mount.
 */
class StorageFaultsTest {
    static final String APP = "org.example.faults.Storage";
    private static byte[] armored;
    private static SigningKey key;

    @BeforeAll
    static void key() {
        armored = KeyGenerator.generateArmoredSecretKey("Storage Faults <storage@example.org>", null);
        key = SigningKey.parse(armored, null);
    }

    @AfterAll
    static void closeKey() {
        key.close();
    }

    @Test
    void diskFullDuringPublishFailsClearlyAndLeavesTheRepositoryConsistent() throws Exception {
        Engine engine = new Engine(EngineConfig.inHome(FlatpakTestEnv.tempDir("disk-full-home"), FlatpakTestEnv.runner()));
        Path mount = FlatpakTestEnv.tempDir("disk-full").resolve("mnt");
        Mounts.tmpfs(mount, "8m");
        try {
            Path repo = mount.resolve("stable");
            PublishTarget target = PublishTarget.simple("stable", repo);
            String small = DerivedApps.commit(engine, DerivedApps.export(APP, "stable", APP + " small"));
            engine.publish(small, target, key, FlatpakTestEnv.LOG, Cancellation.none());
            RepoCheck before = RepoCheck.of(repo, key.publicKeyBinary());
            assertTrue(before.consistent(), before.toString());

            String big = DerivedApps.commit(engine, DerivedApps.export(APP, "stable", APP + " big", 3 * 1024 * 1024));
            Path filler = fill(mount, 256 * 1024);
            FlatpakException e = assertThrows(FlatpakException.class,
                    () -> engine.publish(big, target, key, FlatpakTestEnv.LOG, Cancellation.none()));
            String reason = firstLineMentioning(e.getMessage(), "space");
            System.out.println("disk full: publish failed with: " + reason);
            assertTrue(reason.contains("No space left on device") || reason.contains("would be exceeded"),
                    e.getMessage());
            assertTrue(e.getMessage().contains(repo.toString()), "the error names the repository: " + e.getMessage());
            assertFailed(engine.records().get(big), "publish", reason);
            RepoCheck full = RepoCheck.of(repo, key.publicKeyBinary());
            assertTrue(full.consistent(), full.toString());
            assertEquals(before.summary, full.summary, "the signed summary still lists what was published before");

            Files.delete(filler);
            BuildRecord retried = engine.publish(big, target, key, FlatpakTestEnv.LOG, Cancellation.none());
            assertEquals(BuildStatus.PUBLISHED, retried.getStatus());
            RepoCheck after = RepoCheck.of(repo, key.publicKeyBinary());
            assertTrue(after.consistent(), after.toString());
            String ref = "app/" + APP + "/" + FlatpakTestEnv.arch() + "/stable";
            assertEquals(retried.getPublished().get(ref), after.summary.get(ref));
            assertEquals(2, RepoCheck.history(repo, ref).size());
        } finally {
            Mounts.unmount(mount);
        }
    }

    @Test
    void diskFullDuringImportFailsTheBuildClearly() throws Exception {
        Path mount = FlatpakTestEnv.tempDir("disk-full-build").resolve("mnt");
        Mounts.tmpfs(mount, "4m");
        try {
            Path home = FlatpakTestEnv.tempDir("disk-full-build-home");
            Engine engine = new Engine(new EngineConfig(home, mount.resolve("build-repo"), home.resolve("work"),
                    FlatpakTestEnv.runner()));
            DerivedApps.built(engine, DerivedApps.export(APP, "stable", APP + " fits"));
            Path filler = fill(mount, 128 * 1024);
            DerivedApps.Export big = DerivedApps.export(APP, "stable", APP + " too big", 2 * 1024 * 1024);
            FlatpakException e = assertThrows(FlatpakException.class, () -> DerivedApps.built(engine, big));
            String reason = firstLineMentioning(e.getMessage(), "space");
            System.out.println("disk full: import failed with: " + reason);
            assertTrue(reason.contains("No space left on device") || reason.contains("would be exceeded"),
                    e.getMessage());
            BuildRecord failed = engine.records().list().get(0);
            assertFailed(failed, "build", reason);
            assertEquals(List.of(), RepoCheck.fsck(mount.resolve("build-repo")));
            Files.delete(filler);
            String id = DerivedApps.commit(engine, big);
            assertEquals(BuildStatus.COMMITTED, engine.records().get(id).getStatus());
        } finally {
            Mounts.unmount(mount);
        }
    }

    @Test
    void readOnlyRepositoryFailsClearlyAndStaysAsItWas() throws Exception {
        Engine engine = new Engine(EngineConfig.inHome(FlatpakTestEnv.tempDir("read-only-home"), FlatpakTestEnv.runner()));
        Path repo = FlatpakTestEnv.tempDir("read-only").resolve("stable");
        PublishTarget target = PublishTarget.simple("stable", repo);
        String first = DerivedApps.commit(engine, DerivedApps.export(APP, "stable", APP + " one"));
        engine.publish(first, target, key, FlatpakTestEnv.LOG, Cancellation.none());
        RepoCheck before = RepoCheck.of(repo, key.publicKeyBinary());
        assertTrue(before.consistent(), before.toString());
        String second = DerivedApps.commit(engine, DerivedApps.export(APP, "stable", APP + " two"));

        Mounts.readOnly(repo);
        try {
            FlatpakException e = assertThrows(FlatpakException.class,
                    () -> engine.publish(second, target, key, FlatpakTestEnv.LOG, Cancellation.none()));
            String reason = firstLineMentioning(e.getMessage(), "Read-only");
            System.out.println("read-only repository: publish failed with: " + reason);
            assertTrue(reason.contains("Read-only file system"), e.getMessage());
            assertTrue(e.getMessage().contains(repo.toString()), "the error names the repository: " + e.getMessage());
            assertFailed(engine.records().get(second), "publish", reason);
            RepoCheck readOnly = RepoCheck.of(repo, key.publicKeyBinary());
            assertTrue(readOnly.consistent(), readOnly.toString());
            assertEquals(before.refs, readOnly.refs, "nothing changed");
        } finally {
            Mounts.unmount(repo);
        }
        BuildRecord retried = engine.publish(second, target, key, FlatpakTestEnv.LOG, Cancellation.none());
        assertEquals(BuildStatus.PUBLISHED, retried.getStatus());
        RepoCheck after = RepoCheck.of(repo, key.publicKeyBinary());
        assertTrue(after.consistent(), after.toString());
    }

    private static void assertFailed(BuildRecord r, String phase, String reason) {
        assertEquals(BuildStatus.FAILED, r.getStatus());
        assertEquals(phase, r.getFailedPhase());
        assertTrue(r.getError().contains(reason), "the record says why: " + r.getError());
    }

    /** Fills the filesystem of {@code dir} until about {@code leave} bytes are free; returns the filler file. */
    private static Path fill(Path dir, long leave) throws Exception {
        FileStore store = Files.getFileStore(dir);
        long size = Math.max(0, store.getUsableSpace() - leave);
        Path filler = dir.resolve("filler");
        try (var out = Files.newOutputStream(filler)) {
            byte[] block = new byte[64 * 1024];
            for (long written = 0; written < size; written += block.length) {
                out.write(block, 0, (int) Math.min(block.length, size - written));
            }
        }
        return filler;
    }

    private static String firstLineMentioning(String message, String word) {
        return message.lines().filter(l -> l.contains(word)).map(String::trim).findFirst().orElse(message);
    }
}
