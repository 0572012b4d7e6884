package hudson.model;

import hudson.EnvVars;
import hudson.remoting.VirtualChannel;
import hudson.security.AccessControlled;
import java.io.IOException;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public abstract class Computer extends Actionable implements AccessControlled {
    protected Computer(Node node) {}

    public abstract VirtualChannel getChannel();

    public String getName() {
        throw new UnsupportedOperationException("stub");
    }

    public Node getNode() {
        throw new UnsupportedOperationException("stub");
    }

    public EnvVars getEnvironment() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public static Computer currentComputer() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public String getDisplayName() {
        throw new UnsupportedOperationException("stub");
    }
}
