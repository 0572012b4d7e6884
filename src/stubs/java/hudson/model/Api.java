package hudson.model;

import java.io.IOException;
import jakarta.servlet.ServletException;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public class Api {
    public final Object bean = null;

    public Api(Object bean) {}

    public void doJson(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException, ServletException {
        throw new UnsupportedOperationException("stub");
    }
}
