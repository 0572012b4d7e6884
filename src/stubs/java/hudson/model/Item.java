package hudson.model;

import hudson.security.AccessControlled;
import hudson.security.Permission;
import java.io.IOException;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public interface Item extends ModelObject, AccessControlled, Saveable {
    Permission CREATE = null;
    Permission DELETE = null;
    Permission CONFIGURE = null;
    Permission READ = null;
    Permission DISCOVER = null;
    Permission EXTENDED_READ = null;
    Permission BUILD = null;
    Permission WORKSPACE = null;
    Permission CANCEL = null;

    ItemGroup<? extends Item> getParent();

    String getName();

    String getFullName();

    @Override
    String getDisplayName();

    String getFullDisplayName();

    String getUrl();

    String getShortUrl();

    @Override
    void save() throws IOException;
}
