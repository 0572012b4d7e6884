package hudson.model;

import java.io.IOException;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public interface Saveable {
    void save() throws IOException;
}
