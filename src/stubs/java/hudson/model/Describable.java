package hudson.model;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public interface Describable<T extends Describable<T>> {
    default Descriptor<T> getDescriptor() {
        throw new UnsupportedOperationException("stub");
    }
}
