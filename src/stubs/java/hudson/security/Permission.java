package hudson.security;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public final class Permission {
    public static final Permission READ = null;
    public static final Permission WRITE = null;
    public static final Permission CREATE = null;
    public static final Permission UPDATE = null;
    public static final Permission DELETE = null;
    public static final Permission CONFIGURE = null;

    private Permission() {}

    public String getId() {
        throw new UnsupportedOperationException("stub");
    }

    public static Permission fromId(String id) {
        throw new UnsupportedOperationException("stub");
    }
}
