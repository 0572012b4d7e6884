package com.cloudbees.plugins.credentials.impl;

import com.cloudbees.plugins.credentials.BaseCredentials;
import com.cloudbees.plugins.credentials.CredentialsDescriptor;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.model.ModelObject;
import hudson.util.FormValidation;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.QueryParameter;

/**
 * Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. The
 * constructors do nothing so that plugin subclasses can be instantiated in unit tests.
 */
public abstract class BaseStandardCredentials extends BaseCredentials implements StandardCredentials {
    private static final long serialVersionUID = 1L;

    public BaseStandardCredentials(String id, String description) {}

    public BaseStandardCredentials(CredentialsScope scope, String id, String description) {}

    @Override
    public String getDescription() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public String getId() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public final boolean equals(Object o) {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public final int hashCode() {
        throw new UnsupportedOperationException("stub");
    }

    /** Descriptor base that validates the credential id. */
    protected abstract static class BaseStandardCredentialsDescriptor extends CredentialsDescriptor {
        protected BaseStandardCredentialsDescriptor() {}

        protected BaseStandardCredentialsDescriptor(Class<? extends BaseStandardCredentials> clazz) {
            super(clazz);
        }

        public final FormValidation doCheckId(@AncestorInPath ModelObject context, @QueryParameter String value) {
            throw new UnsupportedOperationException("stub");
        }
    }
}
