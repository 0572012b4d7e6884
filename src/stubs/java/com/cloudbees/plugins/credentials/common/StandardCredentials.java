package com.cloudbees.plugins.credentials.common;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public interface StandardCredentials extends IdCredentials {
    String getDescription();
}
