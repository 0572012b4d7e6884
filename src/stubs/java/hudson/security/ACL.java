package hudson.security;

import org.springframework.security.core.Authentication;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public abstract class ACL {
    public static final Authentication SYSTEM2 = null;

    public ACL() {}

    public final void checkPermission(Permission p) {
        throw new UnsupportedOperationException("stub");
    }

    public final boolean hasPermission(Permission p) {
        throw new UnsupportedOperationException("stub");
    }

    public boolean hasPermission2(Authentication a, Permission permission) {
        throw new UnsupportedOperationException("stub");
    }

    public static boolean isAnonymous2(Authentication authentication) {
        throw new UnsupportedOperationException("stub");
    }
}
