package hudson.model;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public abstract class AbstractCIBase extends Node implements ItemGroup<TopLevelItem> {
    public AbstractCIBase() {}

    @Override
    @Deprecated
    public String getNodeName() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    @Deprecated
    public String getUrl() {
        throw new UnsupportedOperationException("stub");
    }
}
