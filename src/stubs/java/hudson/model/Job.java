package hudson.model;

import hudson.ExtensionPoint;
import hudson.security.ACL;
import java.io.File;
import java.io.IOException;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends AbstractItem
        implements ExtensionPoint {
    protected Job(ItemGroup<?> parent, String name) {
        super(parent, name);
    }

    public RunT getBuildByNumber(int n) {
        throw new UnsupportedOperationException("stub");
    }

    public RunT getBuild(String id) {
        throw new UnsupportedOperationException("stub");
    }

    public RunT getLastBuild() {
        throw new UnsupportedOperationException("stub");
    }

    public RunT getFirstBuild() {
        throw new UnsupportedOperationException("stub");
    }

    public File getBuildDir() {
        throw new UnsupportedOperationException("stub");
    }

    public abstract boolean isBuildable();

    @Override
    public ACL getACL() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public synchronized void save() throws IOException {
        throw new UnsupportedOperationException("stub");
    }
}
