package io.jenkins.plugins.flatpak.engine.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.testruntime.TestRuntime;
import io.jenkins.plugins.flatpak.engine.transfer.ObjectNames;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link ObjectVerifier} against what ostree wrote: every object of real commits verifies (the test runtime, with
 * its symlinks and libraries; a tree with a long symlink target and a large file), and each kind of damage —
 * content, file header, dirtree, dirmeta, commit, truncation — fails naming the damaged object.
 */
class ObjectVerifierTest {
    private final ToolRunner runner = FlatpakTestEnv.runner();

    private OstreeRepo archiveRepo(String name) {
        Path path = FlatpakTestEnv.tempDir("verify-objects").resolve(name);
        OstreeRepo repo = new OstreeRepo(path, runner);
        repo.ensureExists(null, FlatpakTestEnv.LOG, null);
        return repo;
    }

    /** Every checksum {@code ostree ls -R -C} shows for a commit: its files, symlinks, dirtrees and dirmetas. */
    private Set<String> objectsListedByOstree(OstreeRepo repo, String commit) {
        Set<String> objects = new HashSet<>();
        for (String line : runner.capture(repo.ostree("ls").arg("-R").arg("-C").positional(commit), FlatpakTestEnv.TOOL_TIMEOUT,
                OutputSink.DISCARD, null).output()) {
            String[] f = line.trim().split("\\s+");
            if (f[0].startsWith("d")) {
                objects.add(f[4] + ".dirtree");
                objects.add(f[5] + ".dirmeta");
            } else {
                objects.add(f[4] + ".filez");
            }
        }
        return objects;
    }

    @Test
    void everyObjectOfTheTestRuntimeVerifiesAndIsCountedOnce() {
        OstreeRepo repo = archiveRepo("runtime");
        String ref = TestRuntime.ref(TestRuntime.PLATFORM, FlatpakTestEnv.arch());
        runner.run(repo.ostree("pull-local").positional(TestRuntime.repository(FlatpakTestEnv.runtimeWorkDir()).toString())
                .positional(ref), FlatpakTestEnv.TOOL_TIMEOUT, FlatpakTestEnv.LOG, null);
        String commit = repo.revParse(ref, null);
        Set<String> listed = objectsListedByOstree(repo, commit);
        assertTrue(listed.stream().anyMatch(o -> o.endsWith(".filez")) && listed.size() > 20, listed.toString());

        long start = System.nanoTime();
        OstreeRepo.VerifiedObjects verified = repo.verifyObjects(List.of(commit), null);
        System.out.printf("verified %d objects (%d bytes) of the test runtime in %d ms%n", verified.objects(),
                verified.bytes(), (System.nanoTime() - start) / 1_000_000);
        assertEquals(listed.size() + 1, verified.objects(), "each object once, plus the commit");
    }

    @Test
    void aLongSymlinkTargetAndALargeFileVerify() throws Exception {
        OstreeRepo repo = archiveRepo("shapes");
        String commit = commit(repo);
        OstreeRepo.VerifiedObjects verified = repo.verifyObjects(List.of(commit), null);
        assertEquals(objectsListedByOstree(repo, commit).size() + 1, verified.objects());
    }

    @Test
    void eachKindOfDamageFailsNamingTheObject() throws Exception {
        OstreeRepo repo = archiveRepo("damaged");
        String commit = commit(repo);
        String big = checksumOf(repo, commit, "/big");
        String link = checksumOf(repo, commit, "/link");
        String[] root = repo.rootTree(commit, null).split(" ");

        assertDamageNamed(repo, commit, big + ".filez", bytes -> bytes[bytes.length / 2] ^= 0x40);
        assertDamageNamed(repo, commit, big + ".filez", bytes -> bytes[8 + 8 + 8 + 3] ^= 0x01); // mode in the header
        assertDamageNamed(repo, commit, link + ".filez", bytes -> bytes[bytes.length - 4] ^= 0x20); // its target
        assertDamageNamed(repo, commit, root[0] + ".dirtree", bytes -> bytes[5] ^= 0x01);
        assertDamageNamed(repo, commit, root[1] + ".dirmeta", bytes -> bytes[2] ^= 0x01);
        assertDamageNamed(repo, commit, commit + ".commit", bytes -> bytes[bytes.length - 40] ^= 0x01);
        Path file = repo.path().resolve(ObjectNames.relativePath(big + ".filez"));
        byte[] original = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(original, original.length - 100));
        FlatpakException truncated = assertThrows(FlatpakException.class, () -> repo.verifyObjects(List.of(commit), null));
        assertTrue(truncated.getMessage().contains(big + ".filez") && truncated.getMessage().contains("corrupt"),
                truncated.getMessage());
        Files.delete(file);
        FlatpakException missing = assertThrows(FlatpakException.class, () -> repo.verifyObjects(List.of(commit), null));
        assertTrue(missing.getMessage().contains(big + ".filez is not in"), missing.getMessage());
        Files.write(file, original);
        repo.verifyObjects(List.of(commit), null);
        assertEquals(List.of(), repo.fsck(null), "every damage was undone");
    }

    private interface Damage {
        void apply(byte[] bytes);
    }

    private static void assertDamageNamed(OstreeRepo repo, String commit, String object, Damage damage) throws Exception {
        Path file = repo.path().resolve(ObjectNames.relativePath(object));
        byte[] original = Files.readAllBytes(file);
        byte[] damaged = original.clone();
        damage.apply(damaged);
        file.toFile().setWritable(true);
        Files.write(file, damaged);
        try {
            ObjectStore.CorruptObjectException e = assertThrows(ObjectStore.CorruptObjectException.class,
                    () -> repo.verifyObjects(List.of(commit), null), object);
            assertTrue(e.getMessage().contains(object) && e.getMessage().contains("does not match its checksum"),
                    e.getMessage());
        } finally {
            Files.write(file, original);
        }
    }

    /** A commit of a tree with a 600-byte symlink target, a 3 MB file of random bytes and a nested directory. */
    private String commit(OstreeRepo repo) throws Exception {
        Path tree = Files.createDirectories(FlatpakTestEnv.tempDir("verify-tree").resolve("t"));
        byte[] random = new byte[3_000_000];
        new Random(7).nextBytes(random);
        Files.write(tree.resolve("big"), random);
        Files.createSymbolicLink(tree.resolve("link"), Path.of("x".repeat(600)));
        Files.createDirectories(tree.resolve("a/b"));
        Files.writeString(tree.resolve("a/b/small"), "small\n");
        Files.writeString(tree.resolve("a/empty"), "");
        runner.run(repo.ostree("commit").option("--branch", "test").option("--tree", "dir=" + tree)
                .option("--subject", "verify"), FlatpakTestEnv.TOOL_TIMEOUT, FlatpakTestEnv.LOG, null);
        return repo.revParse("test", null);
    }

    private String checksumOf(OstreeRepo repo, String commit, String path) {
        String line = runner.capture(repo.ostree("ls").arg("-C").positional(commit).positional(path),
                FlatpakTestEnv.TOOL_TIMEOUT, OutputSink.DISCARD, null).output().get(0).trim();
        return line.split("\\s+")[4];
    }
}
