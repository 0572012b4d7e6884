package org.jenkinsci.plugins.gitclient;

import hudson.plugins.git.GitException;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public interface GitCommand {
    void execute() throws GitException, InterruptedException;
}
