package hudson;

import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public abstract class Launcher {
    protected Launcher(TaskListener listener, VirtualChannel channel) {}

    public VirtualChannel getChannel() {
        throw new UnsupportedOperationException("stub");
    }

    public TaskListener getListener() {
        throw new UnsupportedOperationException("stub");
    }

    public boolean isUnix() {
        throw new UnsupportedOperationException("stub");
    }
}
