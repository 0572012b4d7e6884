package org.jenkinsci.plugins.workflow.steps;

import hudson.model.Descriptor;
import java.util.Map;
import java.util.Set;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public abstract class StepDescriptor extends Descriptor<Step> {
    public StepDescriptor() {}

    public abstract Set<? extends Class<?>> getRequiredContext();

    public Set<? extends Class<?>> getProvidedContext() {
        throw new UnsupportedOperationException("stub");
    }

    public abstract String getFunctionName();

    public boolean takesImplicitBlockArgument() {
        throw new UnsupportedOperationException("stub");
    }

    public boolean isAdvanced() {
        throw new UnsupportedOperationException("stub");
    }

    public String argumentsToString(Map<String, Object> namedArgs) {
        throw new UnsupportedOperationException("stub");
    }
}
