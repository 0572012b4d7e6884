package io.jenkins.plugins.flatpak.engine.exec;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts processes on this machine with {@link ProcessBuilder}; a kill ends the whole process tree. */
public final class LocalProcesses implements ProcessStarter {
    public static final LocalProcesses INSTANCE = new LocalProcesses();
    private static final File DEV_NULL = new File("/dev/null");

    private LocalProcesses() {}

    @Override
    public StartedProcess start(Command command, Map<String, String> environment, OutputStream stdout,
            OutputStream stderr) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command.args());
        pb.environment().putAll(environment);
        if (command.directory() != null) {
            pb.directory(command.directory().toFile());
        }
        pb.redirectErrorStream(stderr == null);
        byte[] input = command.stdinBytes();
        if (input == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
        }
        Process process = pb.start();
        Thread in = input == null ? null : daemon("stdin " + command.program(), () -> {
            try (OutputStream os = process.getOutputStream()) {
                os.write(input);
            } catch (IOException ignored) {
                // the tool exited without reading its input; its exit status tells the story
            }
        });
        Thread out = daemon("stdout " + command.program(), () -> copy(process.getInputStream(), stdout));
        Thread err = stderr == null ? null : daemon("stderr " + command.program(),
                () -> copy(process.getErrorStream(), stderr));
        return new Local(process, out, err, in);
    }

    private static final class Local implements StartedProcess {
        private final Process process;
        private final Thread[] pumps;

        Local(Process process, Thread... pumps) {
            this.process = process;
            this.pumps = pumps;
        }

        @Override
        public boolean waitFor(long millis) throws InterruptedException {
            if (!process.waitFor(millis, TimeUnit.MILLISECONDS)) {
                return false;
            }
            for (Thread t : pumps) {
                if (t != null) {
                    // a pipe that an orphan of a killed tool holds open is not waited for forever
                    t.join(TimeUnit.SECONDS.toMillis(30));
                }
            }
            return true;
        }

        @Override
        public int exitCode() {
            return process.exitValue();
        }

        @Override
        public void kill() {
            ToolRunner.killTree(process);
        }
    }

    private static void copy(InputStream in, OutputStream out) {
        byte[] buffer = new byte[8192];
        try (InputStream is = in) {
            int n;
            while ((n = is.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
        } catch (IOException ignored) {
            // stream closed because the process was killed
        }
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
