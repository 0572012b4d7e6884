package org.kohsuke.stapler;

import jakarta.servlet.http.HttpServlet;

/** Compile-only stub of the Jenkins API (real signatures); the real class comes from Jenkins at run time. */
public class Stapler extends HttpServlet {
    private static final long serialVersionUID = 1L;

    public Stapler() {}

    public static StaplerRequest2 getCurrentRequest2() {
        throw new UnsupportedOperationException("stub");
    }
}
