package hudson.util;

import java.io.IOException;
import java.util.ArrayList;
import jakarta.servlet.ServletException;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public class ListBoxModel extends ArrayList<ListBoxModel.Option> implements HttpResponse {
    private static final long serialVersionUID = 1L;

    public ListBoxModel() {}

    public void add(String displayName, String value) {
        throw new UnsupportedOperationException("stub");
    }

    public ListBoxModel add(String nameAndValue) {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node) throws IOException, ServletException {
        throw new UnsupportedOperationException("stub");
    }

    /** One entry of a list box. */
    public static final class Option {
        public String name;
        public String value;
        public boolean selected;

        public Option(String name, String value) {}

        public Option(String name, String value, boolean selected) {}

        public Option(String name) {}
    }
}
