package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.Credentials;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public interface IdCredentials extends Credentials {
    String getId();
}
