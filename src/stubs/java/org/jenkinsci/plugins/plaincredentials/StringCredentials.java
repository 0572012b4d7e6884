package org.jenkinsci.plugins.plaincredentials;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.util.Secret;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public interface StringCredentials extends StandardCredentials {
    Secret getSecret();
}
