package hudson.model;

import hudson.FilePath;
import hudson.ExtensionPoint;
import hudson.Launcher;
import hudson.remoting.VirtualChannel;
import hudson.security.ACL;
import hudson.security.AccessControlled;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public abstract class Node implements ExtensionPoint, AccessControlled, ModelObject {
    public Node() {}

    public abstract String getNodeName();

    public final VirtualChannel getChannel() {
        throw new UnsupportedOperationException("stub");
    }

    public final Computer toComputer() {
        throw new UnsupportedOperationException("stub");
    }

    public abstract FilePath getRootPath();

    public abstract Launcher createLauncher(TaskListener listener);

    public FilePath createPath(String absolutePath) {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public String getDisplayName() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public ACL getACL() {
        throw new UnsupportedOperationException("stub");
    }
}
