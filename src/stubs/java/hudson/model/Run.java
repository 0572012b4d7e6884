package hudson.model;

import hudson.EnvVars;
import hudson.ExtensionPoint;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import hudson.security.Permission;
import java.io.File;
import java.io.IOException;

/**
 * Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. The
 * constructor does nothing so that test doubles can subclass it; every method throws.
 */
public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends Actionable
        implements ExtensionPoint, Comparable<RunT>, AccessControlled, Saveable {
    public static final Permission DELETE = null;
    public static final Permission UPDATE = null;
    public static final Permission ARTIFACTS = null;

    protected Run(JobT job) throws IOException {}

    public static Run<?, ?> fromExternalizableId(String id) {
        throw new UnsupportedOperationException("stub");
    }

    public String getExternalizableId() {
        throw new UnsupportedOperationException("stub");
    }

    public JobT getParent() {
        throw new UnsupportedOperationException("stub");
    }

    public int getNumber() {
        throw new UnsupportedOperationException("stub");
    }

    public String getId() {
        throw new UnsupportedOperationException("stub");
    }

    public String getUrl() {
        throw new UnsupportedOperationException("stub");
    }

    public File getRootDir() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public String getDisplayName() {
        throw new UnsupportedOperationException("stub");
    }

    public String getFullDisplayName() {
        throw new UnsupportedOperationException("stub");
    }

    public Result getResult() {
        throw new UnsupportedOperationException("stub");
    }

    public boolean isBuilding() {
        throw new UnsupportedOperationException("stub");
    }

    public boolean isInProgress() {
        throw new UnsupportedOperationException("stub");
    }

    public final long getTimeInMillis() {
        throw new UnsupportedOperationException("stub");
    }

    public final long getStartTimeInMillis() {
        throw new UnsupportedOperationException("stub");
    }

    public long getDuration() {
        throw new UnsupportedOperationException("stub");
    }

    public EnvVars getEnvironment(TaskListener listener) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public void addAction(Action a) {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public ACL getACL() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public int compareTo(RunT that) {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public void save() throws IOException {
        throw new UnsupportedOperationException("stub");
    }
}
