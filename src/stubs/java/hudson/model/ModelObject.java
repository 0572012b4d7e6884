package hudson.model;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public interface ModelObject {
    String getDisplayName();
}
