package io.jenkins.plugins.flatpak.engine.manifest;

/**
 * One file could not be read as a manifest document; the message says why, without the file's contents.
 * {@link #limit} marks a file refused by a bound this reader sets (size, depth, expansion, include loops), as
 * opposed to one flatpak-builder could not read either (missing, not JSON or YAML).
 */
final class BadDocumentException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean limit;

    BadDocumentException(String message) {
        this(message, false);
    }

    private BadDocumentException(String message, boolean limit) {
        super(message);
        this.limit = limit;
    }

    /** A file refused by one of the hostile-input bounds. */
    static BadDocumentException limit(String message) {
        return new BadDocumentException(message, true);
    }

    boolean limit() {
        return limit;
    }
}
