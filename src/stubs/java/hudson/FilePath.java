package hudson;

import hudson.model.Computer;
import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.List;
import org.jenkinsci.remoting.RoleSensitive;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public final class FilePath implements Serializable {
    private static final long serialVersionUID = 1L;

    public FilePath(VirtualChannel channel, String remote) {}

    public FilePath(File localPath) {}

    public FilePath(FilePath base, String rel) {}

    /** A function that runs where the file is (controller or agent). */
    public interface FileCallable<T> extends Serializable, RoleSensitive {
        T invoke(File f, VirtualChannel channel) throws IOException, InterruptedException;
    }

    public <T> T act(FileCallable<T> callable) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public <V, E extends Throwable> V act(hudson.remoting.Callable<V, E> callable) throws IOException, InterruptedException, E {
        throw new UnsupportedOperationException("stub");
    }

    public FilePath child(String relOrAbsolute) {
        throw new UnsupportedOperationException("stub");
    }

    public FilePath getParent() {
        throw new UnsupportedOperationException("stub");
    }

    public String getRemote() {
        throw new UnsupportedOperationException("stub");
    }

    public String getName() {
        throw new UnsupportedOperationException("stub");
    }

    public VirtualChannel getChannel() {
        throw new UnsupportedOperationException("stub");
    }

    public boolean isRemote() {
        throw new UnsupportedOperationException("stub");
    }

    public boolean exists() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public boolean isDirectory() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public void mkdirs() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public void deleteRecursive() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public void deleteContents() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public boolean delete() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public FilePath createTempDir(String prefix, String suffix) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public int copyRecursiveTo(FilePath target) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public int copyRecursiveTo(String fileMask, FilePath target) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public int tar(OutputStream out, String glob) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public void untarFrom(InputStream in, TarCompression compression) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public InputStream read() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public void copyTo(OutputStream os) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public OutputStream write() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public void write(String content, String encoding) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public List<FilePath> list() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public Computer toComputer() {
        throw new UnsupportedOperationException("stub");
    }

    /** Compression of a tar stream. */
    public enum TarCompression {
        NONE {
            @Override
            public InputStream extract(InputStream in) {
                throw new UnsupportedOperationException("stub");
            }

            @Override
            public OutputStream compress(OutputStream out) {
                throw new UnsupportedOperationException("stub");
            }
        },
        GZIP {
            @Override
            public InputStream extract(InputStream in) {
                throw new UnsupportedOperationException("stub");
            }

            @Override
            public OutputStream compress(OutputStream out) {
                throw new UnsupportedOperationException("stub");
            }
        };

        public abstract InputStream extract(InputStream in) throws IOException;

        public abstract OutputStream compress(OutputStream out) throws IOException;
    }
}
