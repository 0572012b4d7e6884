package org.jenkinsci.plugins.gitclient;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public interface CheckoutCommand extends GitCommand {
    CheckoutCommand ref(String ref);

    CheckoutCommand branch(String branch);

    CheckoutCommand deleteBranchIfExist(boolean deleteBranch);

    CheckoutCommand timeout(Integer timeout);
}
