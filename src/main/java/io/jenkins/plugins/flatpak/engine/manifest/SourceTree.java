package io.jenkins.plugins.flatpak.engine.manifest;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The checked-out source tree a manifest lives in. Every path a manifest names (includes, local sources,
 * metadata files) must stay inside it: relative, no {@code ..} above the root, and no symbolic link
 * leading out of it (checked on real paths).
 */
final class SourceTree {
    private final Path root;
    private final Path realRoot;

    private SourceTree(Path root, Path realRoot) {
        this.root = root;
        this.realRoot = realRoot;
    }

    static SourceTree of(Path sourceRoot) {
        if (sourceRoot == null) {
            throw new InvalidInputException("no source tree given");
        }
        Path root = sourceRoot.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new InvalidInputException("source tree " + Names.quote(sourceRoot.toString()) + " is not a directory");
        }
        try {
            return new SourceTree(root, root.toRealPath());
        } catch (IOException e) {
            throw new InvalidInputException("source tree " + Names.quote(sourceRoot.toString())
                    + " cannot be read: " + e.getMessage(), e);
        }
    }

    Path root() {
        return root;
    }

    /** A path inside the tree (as resolved, or real) shown relative to the root. */
    String display(Path path) {
        Path p = path.toAbsolutePath().normalize();
        if (p.startsWith(root)) {
            return root.relativize(p).toString();
        }
        if (p.startsWith(realRoot)) {
            return realRoot.relativize(p).toString();
        }
        return p.toString();
    }

    /** A path named by a manifest, resolved but not yet known to exist; {@code real} is null when it does not. */
    record Resolved(Path path, Path real) {
        boolean exists() {
            return real != null;
        }
    }

    /**
     * Resolves {@code value} against {@code baseDir} the way flatpak-builder does (lexically), refusing what
     * leaves the tree. The exception message says why, without repeating the value.
     */
    Resolved resolve(Path baseDir, String value) throws PathRefusedException {
        if (value == null || value.isEmpty()) {
            throw new PathRefusedException("the path is empty");
        }
        if (value.indexOf('\0') >= 0) {
            throw new PathRefusedException("the path contains a NUL character");
        }
        if (value.startsWith("/")) {
            throw new PathRefusedException("absolute paths are not allowed; use a path relative to the file");
        }
        Path path;
        try {
            path = baseDir.resolve(value).normalize();
        } catch (InvalidPathException e) {
            throw new PathRefusedException("not a valid path");
        }
        if (!path.startsWith(root)) {
            throw new PathRefusedException("the path leads outside the source tree");
        }
        if (!Files.exists(path)) {
            return new Resolved(path, null);
        }
        Path real;
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            throw new PathRefusedException("the path cannot be resolved: " + e.getClass().getSimpleName());
        }
        if (!real.startsWith(realRoot)) {
            throw new PathRefusedException("the path leads outside the source tree through a symbolic link");
        }
        return new Resolved(path, real);
    }

    /** Why a path named by a manifest was refused. */
    static final class PathRefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        PathRefusedException(String message) {
            super(message);
        }
    }
}
