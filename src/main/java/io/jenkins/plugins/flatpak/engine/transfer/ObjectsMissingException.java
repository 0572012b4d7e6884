package io.jenkins.plugins.flatpak.engine.transfer;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import java.util.List;

/**
 * A partial import found objects of the build in neither the staging repository nor the build-repo (never sent,
 * or removed from the build-repo since {@code missing} was asked). Sending {@link #missing()} and importing again
 * completes it.
 */
public class ObjectsMissingException extends FlatpakException {
    private static final long serialVersionUID = 1L;
    private final List<String> missing;

    public ObjectsMissingException(List<String> missing) {
        super(missing.size() + " object(s) of the build are neither in the staging repository nor in the build-repo,"
                + " e.g. " + missing.get(0));
        this.missing = List.copyOf(missing);
    }

    public List<String> missing() {
        return missing;
    }
}
