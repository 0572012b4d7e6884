package org.jenkinsci.plugins.workflow.steps;

import java.io.Serializable;

/**
 * Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. The
 * constructor does nothing so that plugin subclasses can be instantiated in unit tests.
 */
public abstract class StepExecution implements Serializable {
    private static final long serialVersionUID = 1L;

    protected StepExecution(StepContext context) {}

    public StepContext getContext() {
        throw new UnsupportedOperationException("stub");
    }

    public abstract boolean start() throws Exception;

    public void stop(Throwable cause) throws Exception {
        throw new UnsupportedOperationException("stub");
    }

    public void onResume() {
        throw new UnsupportedOperationException("stub");
    }

    public boolean blocksRestart() {
        throw new UnsupportedOperationException("stub");
    }

    public String getStatus() {
        throw new UnsupportedOperationException("stub");
    }
}
