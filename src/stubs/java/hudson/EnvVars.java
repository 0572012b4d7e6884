package hudson;

import java.util.Map;
import java.util.TreeMap;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public class EnvVars extends TreeMap<String, String> {
    private static final long serialVersionUID = 1L;

    public EnvVars() {}

    public EnvVars(Map<String, String> m) {}

    public String expand(String s) {
        throw new UnsupportedOperationException("stub");
    }

    public void override(String key, String value) {
        throw new UnsupportedOperationException("stub");
    }

    public EnvVars overrideAll(Map<String, String> all) {
        throw new UnsupportedOperationException("stub");
    }
}
