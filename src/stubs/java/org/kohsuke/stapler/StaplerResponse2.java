package org.kohsuke.stapler;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public interface StaplerResponse2 extends HttpServletResponse {
    void sendRedirect2(String url) throws IOException;

    void sendRedirect(int statusCode, String url) throws IOException;
}
