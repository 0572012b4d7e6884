package io.jenkins.plugins.flatpak.engine;

/** Base of every failure the engine reports. Messages never contain secrets. */
public class FlatpakException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FlatpakException(String message) {
        super(message);
    }

    public FlatpakException(String message, Throwable cause) {
        super(message, cause);
    }
}
