package jenkins.security;

import jenkins.agents.ControllerToAgentCallable;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public abstract class MasterToSlaveCallable<V, T extends Throwable> implements ControllerToAgentCallable<V, T> {
    private static final long serialVersionUID = 1L;

    public MasterToSlaveCallable() {}
}
