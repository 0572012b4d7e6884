package jenkins.model;

import hudson.ExtensionPoint;
import hudson.model.ModelObject;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public abstract class GlobalConfigurationCategory implements ExtensionPoint, ModelObject {
    public GlobalConfigurationCategory() {}

    public abstract String getShortDescription();

    public static <T extends GlobalConfigurationCategory> T get(Class<T> type) {
        throw new UnsupportedOperationException("stub");
    }

    /** The default category. */
    public static class Unclassified extends GlobalConfigurationCategory {
        public Unclassified() {}

        @Override
        public String getShortDescription() {
            throw new UnsupportedOperationException("stub");
        }

        @Override
        public String getDisplayName() {
            throw new UnsupportedOperationException("stub");
        }
    }
}
