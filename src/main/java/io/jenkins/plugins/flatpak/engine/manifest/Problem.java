package io.jenkins.plugins.flatpak.engine.manifest;

import io.jenkins.plugins.flatpak.engine.Names;
import java.io.Serializable;

/**
 * One thing wrong with a manifest: the file it is in (relative to the source tree), the field inside
 * that file ({@code modules[2].name}; empty for the whole document) and what is wrong.
 */
public record Problem(String file, String field, String message) implements Serializable {

    /** File and field names come from the manifest; they are escaped so they cannot forge or reorder text. */
    @Override
    public String toString() {
        String f = Names.escape(file);
        String m = Names.escape(message);
        return field == null || field.isEmpty() ? f + ": " + m : f + ": " + Names.escape(field) + ": " + m;
    }
}
