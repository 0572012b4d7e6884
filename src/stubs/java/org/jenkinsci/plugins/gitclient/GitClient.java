package org.jenkinsci.plugins.gitclient;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.FilePath;
import hudson.plugins.git.GitException;
import java.util.Map;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public interface GitClient {
    CredentialsMatcher CREDENTIALS_MATCHER = null;

    void addCredentials(String url, StandardCredentials credentials);

    void addDefaultCredentials(StandardCredentials credentials);

    void clearCredentials();

    FilePath getWorkTree();

    void init() throws GitException, InterruptedException;

    boolean hasGitRepo() throws GitException, InterruptedException;

    CloneCommand clone_();

    CheckoutCommand checkout();

    Map<String, String> getRemoteSymbolicReferences(String remoteRepoUrl, String pattern)
            throws GitException, InterruptedException;
}
