package hudson.model;

import hudson.ExtensionPoint;
import hudson.security.Permission;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public abstract class ManagementLink implements ExtensionPoint, Action {
    public ManagementLink() {}

    @Override
    public abstract String getIconFileName();

    @Override
    public abstract String getUrlName();

    public String getDescription() {
        throw new UnsupportedOperationException("stub");
    }

    public Permission getRequiredPermission() {
        throw new UnsupportedOperationException("stub");
    }

    public boolean getRequiresPOST() {
        throw new UnsupportedOperationException("stub");
    }

    public Category getCategory() {
        throw new UnsupportedOperationException("stub");
    }

    /** Where the link appears on the Manage Jenkins page. */
    public enum Category {
        CONFIGURATION,
        SECURITY,
        STATUS,
        TROUBLESHOOTING,
        TOOLS,
        MISC,
        UNCATEGORIZED;

        public String getLabel() {
            throw new UnsupportedOperationException("stub");
        }
    }
}
