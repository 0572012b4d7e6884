package hudson.model;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public interface Action extends ModelObject {
    String getIconFileName();

    @Override
    String getDisplayName();

    String getUrlName();
}
