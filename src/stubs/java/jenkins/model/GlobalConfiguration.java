package jenkins.model;

import hudson.ExtensionList;
import hudson.ExtensionPoint;
import hudson.model.Describable;
import hudson.model.Descriptor;
import net.sf.json.JSONObject;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. The
 * constructor does nothing so that plugin subclasses can be instantiated in unit tests.
 */
public abstract class GlobalConfiguration extends Descriptor<GlobalConfiguration>
        implements ExtensionPoint, Describable<GlobalConfiguration> {
    protected GlobalConfiguration() {}

    @Override
    public final Descriptor<GlobalConfiguration> getDescriptor() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public String getGlobalConfigPage() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        throw new UnsupportedOperationException("stub");
    }

    public static ExtensionList<GlobalConfiguration> all() {
        throw new UnsupportedOperationException("stub");
    }
}
