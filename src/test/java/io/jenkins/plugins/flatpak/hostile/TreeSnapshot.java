package io.jenkins.plugins.flatpak.hostile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What is on disk under some directories: every file, directory and link (never followed) with its size,
 * modification time and permissions, so two snapshots show what a run created, changed or removed.
 */
public final class TreeSnapshot {
    private final Map<Path, String> entries;

    private TreeSnapshot(Map<Path, String> entries) {
        this.entries = entries;
    }

    public static TreeSnapshot take(List<Path> roots) {
        Map<Path, String> entries = new TreeMap<>();
        for (Path root : roots) {
            if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try {
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                        entries.put(dir, "dir " + mode(dir));
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        String what = attrs.isSymbolicLink() ? "link -> " + Files.readSymbolicLink(file)
                                : attrs.isRegularFile() ? "file " + attrs.size() + " " + attrs.lastModifiedTime().toMillis()
                                : "other";
                        entries.put(file, what + " " + (attrs.isSymbolicLink() ? "" : mode(file)));
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                        if (e instanceof NoSuchFileException) {
                            return FileVisitResult.CONTINUE;
                        }
                        throw e;
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot snapshot " + root, e);
            }
        }
        return new TreeSnapshot(entries);
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.readAttributes(p, PosixFileAttributes.class,
                java.nio.file.LinkOption.NOFOLLOW_LINKS).permissions());
    }

    int size() {
        return entries.size();
    }

    /** A change between two snapshots: {@code +} created, {@code -} removed, {@code ~} changed. */
    public record Change(char kind, Path path) {
        @Override
        public String toString() {
            return kind + " " + path;
        }
    }

    public List<Change> changesTo(TreeSnapshot after) {
        List<Change> changes = new ArrayList<>();
        for (Map.Entry<Path, String> e : after.entries.entrySet()) {
            String before = entries.get(e.getKey());
            if (before == null) {
                changes.add(new Change('+', e.getKey()));
            } else if (!before.equals(e.getValue())) {
                changes.add(new Change('~', e.getKey()));
            }
        }
        for (Path p : entries.keySet()) {
            if (!after.entries.containsKey(p)) {
                changes.add(new Change('-', p));
            }
        }
        return changes;
    }
}
