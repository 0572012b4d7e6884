package com.cloudbees.plugins.credentials;

import hudson.ExtensionPoint;
import hudson.model.Describable;
import hudson.model.Run;
import java.io.Serializable;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public interface Credentials extends Describable<Credentials>, Serializable, ExtensionPoint {
    CredentialsScope getScope();

    @Override
    CredentialsDescriptor getDescriptor();

    default Credentials forRun(Run<?, ?> context) {
        throw new UnsupportedOperationException("stub");
    }
}
