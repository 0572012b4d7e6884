package hudson;

import hudson.model.Saveable;
import java.io.Closeable;
import java.io.IOException;

/**
 * Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. While one is
 * open for an object, that object's save() does nothing until commit().
 */
public class BulkChange implements Closeable {
    public BulkChange(Saveable saveable) {
        throw new UnsupportedOperationException("stub");
    }

    public void commit() throws IOException {
        throw new UnsupportedOperationException("stub");
    }

    public void abort() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("stub");
    }

    public static boolean contains(Saveable s) {
        throw new UnsupportedOperationException("stub");
    }
}
