package hudson.security;

import org.springframework.security.core.Authentication;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public interface AccessControlled {
    ACL getACL();

    default void checkPermission(Permission permission) {
        throw new UnsupportedOperationException("stub");
    }

    default void checkAnyPermission(Permission... permission) {
        throw new UnsupportedOperationException("stub");
    }

    default boolean hasPermission(Permission permission) {
        throw new UnsupportedOperationException("stub");
    }

    default boolean hasAnyPermission(Permission... permission) {
        throw new UnsupportedOperationException("stub");
    }

    default boolean hasPermission2(Authentication a, Permission permission) {
        throw new UnsupportedOperationException("stub");
    }
}
