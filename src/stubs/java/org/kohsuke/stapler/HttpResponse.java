package org.kohsuke.stapler;

import java.io.IOException;
import jakarta.servlet.ServletException;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public interface HttpResponse {
    default void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node) throws IOException, ServletException {
        throw new UnsupportedOperationException("stub");
    }
}
