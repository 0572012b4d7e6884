package io.jenkins.plugins.flatpak.engine.exec;

import io.jenkins.plugins.flatpak.engine.FlatpakException;

/** The work was cancelled by its caller; the tool's process tree has been killed. */
public class CancelledException extends FlatpakException {
    private static final long serialVersionUID = 1L;

    public CancelledException(String message) {
        super(message);
    }
}
