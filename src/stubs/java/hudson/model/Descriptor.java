package hudson.model;

import hudson.security.Permission;
import java.io.IOException;
import jakarta.servlet.ServletException;
import jenkins.model.GlobalConfigurationCategory;
import net.sf.json.JSONObject;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. Constructors do
 * nothing so that plugin subclasses can be instantiated in unit tests; every method throws.
 */
public abstract class Descriptor<T extends Describable<T>> implements Saveable {
    protected Descriptor() {}

    protected Descriptor(Class<? extends T> clazz) {}

    public String getDisplayName() {
        throw new UnsupportedOperationException("stub");
    }

    public String getId() {
        throw new UnsupportedOperationException("stub");
    }

    public Class<T> getT() {
        throw new UnsupportedOperationException("stub");
    }

    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        throw new UnsupportedOperationException("stub");
    }

    public T newInstance(StaplerRequest2 req, JSONObject formData) throws FormException {
        throw new UnsupportedOperationException("stub");
    }

    public String getConfigPage() {
        throw new UnsupportedOperationException("stub");
    }

    public String getGlobalConfigPage() {
        throw new UnsupportedOperationException("stub");
    }

    public GlobalConfigurationCategory getCategory() {
        throw new UnsupportedOperationException("stub");
    }

    public Permission getRequiredGlobalConfigPagePermission() {
        throw new UnsupportedOperationException("stub");
    }

    public String getHelpFile() {
        throw new UnsupportedOperationException("stub");
    }

    public String getHelpFile(String fieldName) {
        throw new UnsupportedOperationException("stub");
    }

    public void load() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public void save() {
        throw new UnsupportedOperationException("stub");
    }

    /** A form submission that names the offending field. */
    public static final class FormException extends Exception implements HttpResponse {
        private static final long serialVersionUID = 1L;

        public FormException(String message, String formField) {
            super(message);
        }

        public FormException(String message, Throwable cause, String formField) {
            super(message, cause);
        }

        public FormException(Throwable cause, String formField) {
            super(cause);
        }

        public String getFormField() {
            throw new UnsupportedOperationException("stub");
        }

        @Override
        public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node) throws IOException, ServletException {
            throw new UnsupportedOperationException("stub");
        }
    }
}
