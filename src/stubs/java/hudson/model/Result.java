package hudson.model;

import java.io.Serializable;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public final class Result implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final Result SUCCESS = null;
    public static final Result UNSTABLE = null;
    public static final Result FAILURE = null;
    public static final Result NOT_BUILT = null;
    public static final Result ABORTED = null;

    private Result() {}

    public boolean isWorseThan(Result that) {
        throw new UnsupportedOperationException("stub");
    }

    public boolean isBetterOrEqualTo(Result that) {
        throw new UnsupportedOperationException("stub");
    }

    public static Result fromString(String s) {
        throw new UnsupportedOperationException("stub");
    }
}
