package jenkins.model;

import hudson.ExtensionList;
import hudson.FilePath;
import hudson.model.AbstractCIBase;
import hudson.model.Computer;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.model.TopLevelItem;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import hudson.security.Permission;
import java.io.File;
import java.util.Collection;
import java.util.List;
import org.springframework.security.access.AccessDeniedException;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public class Jenkins extends AbstractCIBase implements AccessControlled {
    public static final Permission ADMINISTER = null;
    public static final Permission MANAGE = null;
    public static final Permission SYSTEM_READ = null;
    public static final Permission READ = null;

    private Jenkins() {}

    public static Jenkins get() {
        throw new UnsupportedOperationException("stub");
    }

    public static Jenkins getInstanceOrNull() {
        throw new UnsupportedOperationException("stub");
    }

    public File getRootDir() {
        throw new UnsupportedOperationException("stub");
    }

    public String getRootUrl() {
        throw new UnsupportedOperationException("stub");
    }

    /** Throws for an item the user may discover but not read (as {@link #getItem} does at each level). */
    public <T extends Item> T getItemByFullName(String fullName, Class<T> type) throws AccessDeniedException {
        throw new UnsupportedOperationException("stub");
    }

    public Item getItemByFullName(String fullName) throws AccessDeniedException {
        throw new UnsupportedOperationException("stub");
    }

    public <T> ExtensionList<T> getExtensionList(Class<T> extensionType) {
        throw new UnsupportedOperationException("stub");
    }

    @SuppressWarnings("rawtypes")
    public <T extends Descriptor> T getDescriptorByType(Class<T> type) {
        throw new UnsupportedOperationException("stub");
    }

    public Computer getComputer(String name) {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public FilePath getRootPath() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public hudson.Launcher createLauncher(hudson.model.TaskListener listener) {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public String getFullName() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public String getFullDisplayName() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public String getDisplayName() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public List<TopLevelItem> getItems() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public TopLevelItem getItem(String name) throws AccessDeniedException {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public ACL getACL() {
        throw new UnsupportedOperationException("stub");
    }
}
