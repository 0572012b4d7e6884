package hudson.model;

import hudson.security.ACL;
import java.io.File;
import java.io.IOException;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public abstract class AbstractItem extends Actionable implements Item {
    protected AbstractItem(ItemGroup<?> parent, String name) {}

    @Override
    public String getName() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public String getDisplayName() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public final String getFullName() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public final String getFullDisplayName() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public final String getUrl() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public String getShortUrl() {
        throw new UnsupportedOperationException("stub");
    }

    public File getRootDir() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public ACL getACL() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public synchronized void save() throws IOException {
        throw new UnsupportedOperationException("stub");
    }
}
