package hudson.remoting;

import java.io.Closeable;
import java.io.IOException;

/** Compile-only stub of the Jenkins API (real signatures); the real class comes from Jenkins at run time. */
public class Channel implements VirtualChannel, Closeable {
    Channel() {
        throw new UnsupportedOperationException("stub");
    }

    public static Channel current() {
        throw new UnsupportedOperationException("stub");
    }

    public boolean isClosingOrClosed() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public <V, T extends Throwable> V call(Callable<V, T> callable) throws IOException, T, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public void close() throws IOException {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public void join() throws InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public void join(long timeout) throws InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public <T> T export(Class<T> type, T instance) {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public void syncLocalIO() throws InterruptedException {
        throw new UnsupportedOperationException("stub");
    }
}
