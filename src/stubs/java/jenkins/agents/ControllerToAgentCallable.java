package jenkins.agents;

import hudson.remoting.Callable;
import org.jenkinsci.remoting.RoleChecker;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public interface ControllerToAgentCallable<V, T extends Throwable> extends Callable<V, T> {
    @Override
    default void checkRoles(RoleChecker checker) throws SecurityException {
        throw new UnsupportedOperationException("stub");
    }
}
