package io.jenkins.plugins.flatpak.engine.manifest;

import java.io.Serializable;

/**
 * One thing wrong with a manifest: the file it is in (relative to the source tree), the field inside
 * that file ({@code modules[2].name}; empty for the whole document) and what is wrong.
 */
public record Problem(String file, String field, String message) implements Serializable {

    @Override
    public String toString() {
        return field == null || field.isEmpty() ? file + ": " + message : file + ": " + field + ": " + message;
    }
}
