package hudson;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. */
public abstract class Proc {
    protected Proc() {}

    public abstract boolean isAlive() throws IOException, InterruptedException;

    public abstract void kill() throws IOException, InterruptedException;

    public abstract int join() throws IOException, InterruptedException;

    public abstract InputStream getStdout();

    public abstract InputStream getStderr();

    public abstract OutputStream getStdin();
}
