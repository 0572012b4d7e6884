package org.jenkinsci.plugins.workflow.steps;

import com.google.common.util.concurrent.FutureCallback;
import java.io.IOException;
import java.io.Serializable;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public abstract class StepContext implements FutureCallback<Object>, Serializable {
    private static final long serialVersionUID = 1L;

    public StepContext() {}

    public abstract <T> T get(Class<T> key) throws IOException, InterruptedException;

    @Override
    public abstract void onSuccess(Object result);

    public abstract boolean isReady();

    public boolean hasBody() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public abstract boolean equals(Object o);

    @Override
    public abstract int hashCode();
}
