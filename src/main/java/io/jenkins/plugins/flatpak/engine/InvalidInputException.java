package io.jenkins.plugins.flatpak.engine;

/**
 * A user-supplied value (app id, branch, path, URL, manifest field, key, state transition) was refused
 * before any tool ran. The message names the bad value. The runner maps it to exit status 2.
 */
public class InvalidInputException extends FlatpakException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
