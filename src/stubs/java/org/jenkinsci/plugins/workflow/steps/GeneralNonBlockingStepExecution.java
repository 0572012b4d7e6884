package org.jenkinsci.plugins.workflow.steps;

/**
 * Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. The
 * constructor does nothing so that plugin subclasses can be instantiated in unit tests.
 */
public abstract class GeneralNonBlockingStepExecution extends StepExecution {
    private static final long serialVersionUID = 1L;

    protected GeneralNonBlockingStepExecution(StepContext context) {
        super(context);
    }

    /** Work run on a pool thread. */
    @FunctionalInterface
    protected interface Block {
        void run() throws Exception;
    }

    protected final void run(Block block) {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public void stop(Throwable cause) throws Exception {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public void onResume() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public boolean blocksRestart() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public String getStatus() {
        throw new UnsupportedOperationException("stub");
    }
}
