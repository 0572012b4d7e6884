package io.jenkins.plugins.flatpak.engine.manifest;

import java.nio.file.Path;

/**
 * A place in a manifest document: the file (relative to the source tree), the directory relative paths in
 * it are resolved against (as flatpak-builder does: the directory of the file, without resolving links),
 * and the field path inside the file.
 */
record Where(String file, Path dir, String path) {

    /** The path of field {@code key} of the object here. */
    String field(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The object at field {@code key}. */
    Where child(String key) {
        return new Where(file, dir, field(key));
    }

    /** Element {@code i} of the list at field {@code key}. */
    Where element(String key, int i) {
        return child(key).index(i);
    }

    /** Element {@code i} of the list here. */
    Where index(int i) {
        return new Where(file, dir, path + "[" + i + "]");
    }
}
