package com.cloudbees.plugins.credentials;

import java.io.Serializable;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public interface CredentialsMatcher extends Serializable {
    boolean matches(Credentials item);
}
