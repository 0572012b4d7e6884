package io.jenkins.plugins.flatpak.engine.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreesTest {
    @TempDir
    Path dir;

    /** A source directory that holds the engine's work root (e.g. a manifest in the runner's home's parent). */
    @Test
    void aCopyIntoItsOwnSourceLeavesOutTheDirectoryHoldingIt() throws Exception {
        Files.writeString(dir.resolve("app.yml"), "app-id: org.example.A\n");
        Files.createDirectories(dir.resolve("work/records"));
        Files.writeString(dir.resolve("work/records/r.json"), "{}");
        Path to = dir.resolve("work/builds/b1/src");

        Trees.copy(dir, to, Set.of());

        assertEquals("app-id: org.example.A\n", Files.readString(to.resolve("app.yml")));
        assertFalse(Files.exists(to.resolve("work")), "the work root is not copied into the build");
        assertTrue(Files.exists(dir.resolve("work/records/r.json")));
    }

    @Test
    void linksAreCopiedAsLinksAndSkippedNamesLeftOut() throws Exception {
        Path from = Files.createDirectories(dir.resolve("from"));
        Files.writeString(from.resolve("a"), "a");
        Files.createSymbolicLink(from.resolve("out"), Path.of("/etc"));
        Files.createDirectories(from.resolve(".git"));
        Path to = dir.resolve("to");

        Trees.copy(from, to, Set.of(".git"));

        assertTrue(Files.isSymbolicLink(to.resolve("out")));
        assertEquals(Path.of("/etc"), Files.readSymbolicLink(to.resolve("out")));
        assertFalse(Files.exists(to.resolve(".git")));
        Trees.delete(to);
        assertFalse(Files.exists(to));
        assertTrue(Files.isDirectory(Path.of("/etc")), "deleting a link never follows it");
    }
}
