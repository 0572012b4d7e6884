package io.jenkins.plugins.flatpak.engine.fs;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

/** Copying and removing directory trees without ever following a symbolic link out of them. */
public final class Trees {
    private Trees() {}

    /**
     * Copies {@code from} into the new directory {@code to}; links are copied as links, skipped names omitted. When
     * {@code to} lies inside {@code from}, the directory holding it is not copied (no copy of the copy).
     */
    public static void copy(Path from, Path to, Set<String> skipTopLevel) {
        Path target = to.toAbsolutePath().normalize();
        try {
            Files.walkFileTree(from, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (dir.getParent() != null && dir.getParent().equals(from)
                            && skipTopLevel.contains(dir.getFileName().toString())) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (!dir.equals(from) && target.startsWith(dir.toAbsolutePath().normalize())) {
                        return FileVisitResult.SKIP_SUBTREE; // what holds the copy is not part of it
                    }
                    Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (file.getParent().equals(from) && skipTopLevel.contains(file.getFileName().toString())) {
                        return FileVisitResult.CONTINUE;
                    }
                    Files.copy(file, to.resolve(from.relativize(file).toString()), LinkOption.NOFOLLOW_LINKS,
                            StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new FlatpakException("cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    /** Removes a tree if it exists; links are removed, never followed. */
    public static void delete(Path root) {
        if (root == null || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    if (exc instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw exc;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    if (!dir.toFile().canWrite()) {
                        dir.toFile().setWritable(true);
                    }
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new FlatpakException("cannot remove " + root + ": " + e.getMessage(), e);
        }
    }

    /** What {@link #walkFiles} does with each file. */
    public interface FileAction {
        void visit(Path file, BasicFileAttributes attrs) throws IOException;
    }

    /** Visits the regular files and links below {@code root}, never following a link; unreadable entries are skipped. */
    public static void walkFiles(Path root, FileAction action) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    action.visit(file, attrs);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new FlatpakException("cannot read " + root + ": " + e.getMessage(), e);
        }
    }

    /** Size in bytes of the regular files below {@code root}. */
    public static long size(Path root) {
        long[] total = {0};
        if (Files.exists(root)) {
            walkFiles(root, (file, attrs) -> total[0] += attrs.isRegularFile() ? attrs.size() : 0);
        }
        return total[0];
    }
}
