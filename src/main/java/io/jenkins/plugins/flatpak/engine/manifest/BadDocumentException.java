package io.jenkins.plugins.flatpak.engine.manifest;

/** One file could not be read as a manifest document; the message says why, without the file's contents. */
final class BadDocumentException extends Exception {
    private static final long serialVersionUID = 1L;

    BadDocumentException(String message) {
        super(message);
    }
}
