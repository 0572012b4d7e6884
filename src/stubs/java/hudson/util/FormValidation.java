package hudson.util;

import java.io.IOException;
import jakarta.servlet.ServletException;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public abstract class FormValidation extends IOException implements HttpResponse {
    private static final long serialVersionUID = 1L;

    public final Kind kind = null;

    private FormValidation() {}

    /** Severity of a validation result. */
    public enum Kind {
        OK,
        WARNING,
        ERROR
    }

    public static FormValidation ok() {
        throw new UnsupportedOperationException("stub");
    }

    public static FormValidation ok(String message) {
        throw new UnsupportedOperationException("stub");
    }

    public static FormValidation warning(String message) {
        throw new UnsupportedOperationException("stub");
    }

    public static FormValidation error(String message) {
        throw new UnsupportedOperationException("stub");
    }

    public static FormValidation error(Throwable e, String message) {
        throw new UnsupportedOperationException("stub");
    }

    public static FormValidation validateRequired(String value) {
        throw new UnsupportedOperationException("stub");
    }

    public static FormValidation validateNonNegativeInteger(String value) {
        throw new UnsupportedOperationException("stub");
    }

    public static FormValidation validatePositiveInteger(String value) {
        throw new UnsupportedOperationException("stub");
    }

    public abstract String renderHtml();

    @Override
    public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node) throws IOException, ServletException {
        throw new UnsupportedOperationException("stub");
    }
}
