package hudson;

import java.util.AbstractList;
import java.util.Iterator;
import jenkins.model.Jenkins;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public class ExtensionList<T> extends AbstractList<T> {
    protected ExtensionList(Jenkins jenkins, Class<T> extensionType) {}

    public static <T> ExtensionList<T> lookup(Class<T> type) {
        throw new UnsupportedOperationException("stub");
    }

    public static <U> U lookupSingleton(Class<U> type) {
        throw new UnsupportedOperationException("stub");
    }

    public static <U> U lookupFirst(Class<U> type) {
        throw new UnsupportedOperationException("stub");
    }

    public <U extends T> U get(Class<U> type) {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public T get(int index) {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public int size() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public Iterator<T> iterator() {
        throw new UnsupportedOperationException("stub");
    }
}
