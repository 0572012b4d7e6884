package com.cloudbees.plugins.credentials;

import hudson.model.Descriptor;

/**
 * Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. The
 * constructors do nothing so that plugin subclasses can be instantiated in unit tests.
 */
public abstract class CredentialsDescriptor extends Descriptor<Credentials> {
    protected CredentialsDescriptor() {}

    protected CredentialsDescriptor(Class<? extends Credentials> clazz) {
        super(clazz);
    }

    public String getIconClassName() {
        throw new UnsupportedOperationException("stub");
    }
}
