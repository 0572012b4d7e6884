package io.jenkins.plugins.flatpak.engine.record;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;

/** A build was asked to do something its status does not allow, e.g. publish before commit. */
public class IllegalTransitionException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    public IllegalTransitionException(String buildId, BuildStatus from, BuildStatus to) {
        super("build " + buildId + " is " + from.id() + " and cannot become " + to.id() + hint(from, to));
    }

    private static String hint(BuildStatus from, BuildStatus to) {
        if (to == BuildStatus.PUBLISHING && (from == BuildStatus.BUILT || from == BuildStatus.CREATED)) {
            return ": commit it first";
        }
        if (to == BuildStatus.COMMITTING && from == BuildStatus.COMMITTED) {
            return ": it is already committed";
        }
        if (from == BuildStatus.FAILED || from == BuildStatus.CANCELLED) {
            return ": start a new build";
        }
        return "";
    }
}
