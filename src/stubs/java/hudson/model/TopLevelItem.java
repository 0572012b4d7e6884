package hudson.model;

import hudson.ExtensionPoint;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public interface TopLevelItem extends Item, ExtensionPoint {}
