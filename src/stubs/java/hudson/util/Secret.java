package hudson.util;

import java.io.Serializable;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;

    private Secret() {}

    public String getPlainText() {
        throw new UnsupportedOperationException("stub");
    }

    public String getEncryptedValue() {
        throw new UnsupportedOperationException("stub");
    }

    public static Secret fromString(String data) {
        throw new UnsupportedOperationException("stub");
    }

    public static Secret decrypt(String data) {
        throw new UnsupportedOperationException("stub");
    }

    public static String toString(Secret s) {
        throw new UnsupportedOperationException("stub");
    }
}
