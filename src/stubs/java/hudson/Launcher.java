package hudson;

import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compile-only stub of the Jenkins API; the real class comes from Jenkins at run time. {@link ProcStarter} keeps
 * what it is given, as Jenkins' builder does, so that tests' launchers can read it.
 */
public abstract class Launcher {
    protected Launcher(TaskListener listener, VirtualChannel channel) {}

    public VirtualChannel getChannel() {
        throw new UnsupportedOperationException("stub");
    }

    public TaskListener getListener() {
        throw new UnsupportedOperationException("stub");
    }

    public boolean isUnix() {
        throw new UnsupportedOperationException("stub");
    }

    public final ProcStarter launch() {
        return new ProcStarter();
    }

    public abstract Proc launch(ProcStarter starter) throws IOException;

    public abstract void kill(Map<String, String> modelEnvVars) throws IOException, InterruptedException;

    /** Builder of a process to launch. */
    public final class ProcStarter {
        private List<String> commands;
        private boolean quiet;
        private FilePath pwd;
        private OutputStream stdout;
        private OutputStream stderr;
        private InputStream stdin;
        private String[] envs;

        public ProcStarter() {}

        public ProcStarter cmds(List<String> args) {
            commands = new ArrayList<>(args);
            return this;
        }

        public List<String> cmds() {
            return commands;
        }

        public ProcStarter quiet(boolean quiet) {
            this.quiet = quiet;
            return this;
        }

        public boolean quiet() {
            return quiet;
        }

        public ProcStarter pwd(FilePath workDir) {
            this.pwd = workDir;
            return this;
        }

        public FilePath pwd() {
            return pwd;
        }

        public ProcStarter stdout(OutputStream out) {
            this.stdout = out;
            return this;
        }

        public OutputStream stdout() {
            return stdout;
        }

        public ProcStarter stderr(OutputStream err) {
            this.stderr = err;
            return this;
        }

        public OutputStream stderr() {
            return stderr;
        }

        public ProcStarter stdin(InputStream in) {
            this.stdin = in;
            return this;
        }

        public InputStream stdin() {
            return stdin;
        }

        public ProcStarter envs(Map<String, String> overrides) {
            List<String> list = new ArrayList<>();
            overrides.forEach((k, v) -> list.add(k + "=" + v));
            this.envs = list.toArray(new String[0]);
            return this;
        }

        public String[] envs() {
            return envs == null ? new String[0] : envs.clone();
        }

        public Proc start() throws IOException {
            return launch(this);
        }
    }
}
