package io.jenkins.plugins.flatpak.engine.repo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.transfer.ObjectNames;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What {@link OstreeRepo} reads and writes in a repository's files instead of starting ostree: refs, the config's
 * lock timeout, a commit's root files ({@link ObjectStore}). Each is checked against what ostree itself says.
 */
class OstreeRepoFilesTest {
    private final ToolRunner runner = FlatpakTestEnv.runner();

    private OstreeRepo newRepo(String mode) {
        Path path = FlatpakTestEnv.tempDir("repo-files").resolve("repo");
        OstreeRepo repo = new OstreeRepo(path, runner);
        if (mode == null) {
            repo.ensureExists(null, FlatpakTestEnv.LOG, null);
        } else {
            runner.run(Command.of("ostree", "init").option("--repo", path.toString()).option("--mode", mode),
                    FlatpakTestEnv.TOOL_TIMEOUT, FlatpakTestEnv.LOG, null);
        }
        return repo;
    }

    /** Commits {@code tree} to {@code branch} with {@code ostree commit}; returns the commit. */
    private String commit(OstreeRepo repo, Path tree, String branch, String extraMetadata) {
        Command c = repo.ostree("commit").option("--branch", branch).option("--tree", "dir=" + tree)
                .option("--subject", "test");
        if (extraMetadata != null) {
            c.option("--add-metadata-string", "big=" + extraMetadata);
        }
        runner.run(c, FlatpakTestEnv.TOOL_TIMEOUT, FlatpakTestEnv.LOG, null);
        return repo.revParse(branch, null);
    }

    /** A new directory holding just a {@code metadata} file naming {@code appId}. */
    private static Path treeOf(String appId) throws java.io.IOException {
        Path tree = Files.createDirectories(FlatpakTestEnv.tempDir("repo-files-tree").resolve("t"));
        Files.writeString(tree.resolve("metadata"), "[Application]\nname=" + appId + "\n");
        return tree;
    }

    @Test
    void ensureExistsSetsTheLockTimeoutAsOstreeConfigWould() {
        OstreeRepo repo = newRepo(null);
        String value = runner.capture(repo.ostree("config").arg("get").endOfOptions().arg("core.lock-timeout-secs"),
                FlatpakTestEnv.TOOL_TIMEOUT, FlatpakTestEnv.LOG, null).text().trim();
        assertEquals("-1", value);
        String mode = runner.capture(repo.ostree("config").arg("get").endOfOptions().arg("core.mode"),
                FlatpakTestEnv.TOOL_TIMEOUT, FlatpakTestEnv.LOG, null).text().trim();
        assertEquals("archive-z2", mode);
        assertTrue(repo.isArchive());
    }

    @Test
    void refsReadAndWrittenInFilesAgreeWithOstree() throws Exception {
        OstreeRepo repo = newRepo(null);
        Path tree = treeOf("org.example.A");
        String a = commit(repo, tree, "app/org.example.A/x86_64/stable", null);
        Files.writeString(tree.resolve("other"), "x");
        String b = commit(repo, tree, "runtime/org.example.A.Locale/x86_64/stable", null);

        assertEquals(a, repo.localRef("app/org.example.A/x86_64/stable"));
        assertNull(repo.localRef("app/org.example.A/x86_64/nope"));
        assertNull(repo.localRef("app/org.example.A"), "a directory of refs is no ref");
        assertThrows(FlatpakException.class, () -> repo.localRef("../config"));
        Map<String, String> expected = new TreeMap<>(repo.refs(null));
        assertEquals(expected, repo.localRefs());

        repo.writeRef("builds/b-1/app/org.example.A/x86_64/stable", b);
        assertEquals(b, repo.revParse("builds/b-1/app/org.example.A/x86_64/stable", null), "ostree sees the ref");
        repo.writeRef("builds/b-1/app/org.example.A/x86_64/stable", a);
        assertEquals(a, repo.revParse("builds/b-1/app/org.example.A/x86_64/stable", null), "and sees it move");
        assertEquals(new TreeMap<>(repo.refs(null)), repo.localRefs());
        assertTrue(repo.fsck(null).isEmpty());

        assertThrows(FlatpakException.class, () -> repo.writeRef("builds/b-1/x", "0".repeat(64)),
                "no ref to a commit the repository lacks");
        assertThrows(FlatpakException.class, () -> repo.writeRef("../../escape", a));
        try (var files = Files.list(repo.path().resolve("tmp"))) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().startsWith("pipeline-")),
                    "no temporary file is left");
        }
    }

    @Test
    void rootFilesReadFromTheObjectStoreMatchOstreeCat() throws Exception {
        OstreeRepo repo = newRepo(null);
        Path tree = Files.createDirectories(FlatpakTestEnv.tempDir("repo-files-tree").resolve("t"));
        String metadata = "[Application]\nname=org.example.B\nruntime=io.example.Platform/x86_64/1.0\n";
        Files.writeString(tree.resolve("metadata"), metadata);
        Files.createDirectories(tree.resolve("files/bin"));
        Files.writeString(tree.resolve("files/bin/b"), "#!/bin/sh\n");
        String small = commit(repo, tree, "app/org.example.B/x86_64/stable", null);
        assertEquals(metadata, new String(new ObjectStore(repo.path()).readRootFile(small, "metadata"),
                StandardCharsets.UTF_8));
        assertEquals(repo.cat(small, "/metadata", null), repo.catRootFile(small, "metadata", null).stripTrailing());

        // Wider framing offsets: a root directory of 2-byte offsets, a commit object of 4-byte offsets, and a
        // metadata file that compresses into several deflate blocks.
        for (int i = 0; i < 400; i++) {
            Files.writeString(tree.resolve("file-with-a-longer-name-" + i), Integer.toString(i));
        }
        StringBuilder big = new StringBuilder(metadata);
        Random random = new Random(7);
        while (big.length() < 200_000) {
            big.append("X-Key-").append(random.nextInt()).append('=').append(Long.toHexString(random.nextLong()))
                    .append('\n');
        }
        Files.writeString(tree.resolve("metadata"), big);
        String large = commit(repo, tree, "app/org.example.B/x86_64/stable", "v".repeat(70_000));
        assertTrue(Files.size(repo.path().resolve(ObjectNames.relativePath(large + ".commit"))) > 0xffff);
        byte[] read = new ObjectStore(repo.path()).readRootFile(large, "metadata");
        assertArrayEquals(big.toString().getBytes(StandardCharsets.UTF_8), read);
        assertEquals(repo.cat(large, "/metadata", null), repo.catRootFile(large, "metadata", null).stripTrailing());
        assertEquals("0", new String(new ObjectStore(repo.path()).readRootFile(large, "file-with-a-longer-name-0"),
                StandardCharsets.UTF_8));

        FlatpakException missing = assertThrows(FlatpakException.class,
                () -> new ObjectStore(repo.path()).readRootFile(large, "nothing"));
        assertTrue(missing.getMessage().contains("no file /nothing"), missing.getMessage());
        assertThrows(FlatpakException.class, () -> new ObjectStore(repo.path()).readRootFile(large, "files"),
                "a directory is not a file");
    }

    @Test
    void aCorruptCommitObjectIsNotRead() throws Exception {
        OstreeRepo repo = newRepo(null);
        Path tree = treeOf("org.example.C");
        String commit = commit(repo, tree, "app/org.example.C/x86_64/stable", null);
        Path object = repo.path().resolve(ObjectNames.relativePath(commit + ".commit"));
        byte[] bytes = Files.readAllBytes(object);
        bytes[bytes.length - 1] ^= 1;
        object.toFile().setWritable(true);
        Files.write(object, bytes);
        FlatpakException e = assertThrows(FlatpakException.class,
                () -> new ObjectStore(repo.path()).readRootFile(commit, "metadata"));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        assertThrows(ObjectStore.CorruptObjectException.class, () -> repo.catRootFile(commit, "metadata", null),
                "a corrupt commit is reported, not read by ostree instead");
    }

    @Test
    void otherModesAreReadByOstree() throws Exception {
        OstreeRepo repo = newRepo("bare-user-only");
        assertFalse(repo.isArchive());
        Path tree = treeOf("org.example.D");
        String commit = commit(repo, tree, "app/org.example.D/x86_64/stable", null);
        assertEquals("[Application]\nname=org.example.D", repo.catRootFile(commit, "metadata", null).stripTrailing());
    }
}
