package hudson.model;

import hudson.ExtensionPoint;
import hudson.security.ACL;
import java.io.File;
import java.io.IOException;
import java.util.List;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends Actionable
        implements Item, ExtensionPoint {
    protected Job(ItemGroup<?> parent, String name) {}

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

    public File getRootDir() {
        throw new UnsupportedOperationException("stub");
    }

    public abstract boolean isBuildable();

    @Override
    public ACL getACL() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public String getName() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public String getFullName() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public String getDisplayName() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public String getFullDisplayName() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public String getUrl() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public String getShortUrl() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public void save() throws IOException {
        throw new UnsupportedOperationException("stub");
    }
}
