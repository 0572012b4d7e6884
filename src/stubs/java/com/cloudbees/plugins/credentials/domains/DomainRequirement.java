package com.cloudbees.plugins.credentials.domains;

import hudson.ExtensionPoint;
import java.io.Serializable;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public class DomainRequirement implements ExtensionPoint, Serializable {
    private static final long serialVersionUID = 1L;

    public DomainRequirement() {}
}
