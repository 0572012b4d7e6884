package hudson.model;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Serializable;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public interface TaskListener extends Serializable {
    PrintStream getLogger();

    default PrintWriter error(String msg) {
        throw new UnsupportedOperationException("stub");
    }

    default PrintWriter error(String format, Object... args) {
        throw new UnsupportedOperationException("stub");
    }

    default PrintWriter fatalError(String msg) {
        throw new UnsupportedOperationException("stub");
    }

    default void hyperlink(String url, String text) throws java.io.IOException {
        throw new UnsupportedOperationException("stub");
    }
}
