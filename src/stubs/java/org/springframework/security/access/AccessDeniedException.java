package org.springframework.security.access;

/**
 * Compile-only stub of Spring Security's exception, which Jenkins core ships; never packaged. Jenkins throws it
 * from {@code ItemGroup.getItem} (and so {@code Jenkins.getItemByFullName}) for an item the user may discover but
 * not read.
 */
public class AccessDeniedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AccessDeniedException(String msg) {
        super(msg);
    }

    public AccessDeniedException(String msg, Throwable cause) {
        super(msg, cause);
    }
}
