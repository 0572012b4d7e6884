package hudson.model;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
@Deprecated
public abstract class AbstractDescribableImpl<T extends AbstractDescribableImpl<T>> implements Describable<T> {
    public AbstractDescribableImpl() {}
}
