package org.jenkinsci.remoting;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public abstract class RoleChecker {
    public RoleChecker() {}
}
