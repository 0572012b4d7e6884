package jenkins;

import jenkins.agents.ControllerToAgentFileCallable;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public abstract class MasterToSlaveFileCallable<T> implements ControllerToAgentFileCallable<T> {
    private static final long serialVersionUID = 1L;

    public MasterToSlaveFileCallable() {}
}
