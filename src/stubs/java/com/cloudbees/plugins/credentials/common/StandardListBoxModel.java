package com.cloudbees.plugins.credentials.common;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public class StandardListBoxModel
        extends AbstractIdCredentialsListBoxModel<StandardListBoxModel, StandardCredentials> {
    private static final long serialVersionUID = 1L;

    public StandardListBoxModel() {}

    @Override
    protected String describe(StandardCredentials c) {
        throw new UnsupportedOperationException("stub");
    }
}
