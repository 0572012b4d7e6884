package com.cloudbees.plugins.credentials;

/**
 * Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. The
 * constructors do nothing so that plugin subclasses can be instantiated in unit tests.
 */
public class BaseCredentials implements Credentials {
    private static final long serialVersionUID = 1L;

    protected BaseCredentials() {}

    public BaseCredentials(CredentialsScope scope) {}

    @Override
    public CredentialsScope getScope() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public CredentialsDescriptor getDescriptor() {
        throw new UnsupportedOperationException("stub");
    }
}
