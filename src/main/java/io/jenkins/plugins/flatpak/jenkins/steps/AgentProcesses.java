package io.jenkins.plugins.flatpak.jenkins.steps;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.ProcessStarter;
import io.jenkins.plugins.flatpak.engine.exec.StartedProcess;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.lock.Processes;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The engine's {@link ProcessStarter} on the agent: every process the build starts there (flatpak-builder, git,
 * flatpak, ostree, fusermount) is started by the controller through the step's {@code Launcher}
 * ({@link LauncherTools}), so it runs where {@code sh} would: inside the container the user chose, with the run's
 * environment. Output is fetched by polling, so nothing but the build's own console output blocks remoting.
 *
 * <p>Each process carries a cookie of its own in {@value #COOKIE}, the variable Jenkins and the container plugins
 * kill by ({@code Launcher.kill}). A kill asks the controller to kill through the Launcher and, at the same time,
 * stops every process on this machine that carries the cookie, SIGTERM then SIGKILL: Jenkins' own kill sends only
 * SIGTERM, and when the controller cannot be reached (it restarted) this is the only kill left.
 */
final class AgentProcesses implements ProcessStarter, Serializable {
    private static final long serialVersionUID = 1L;
    /** The variable that Jenkins' process killers and the container launchers find a launched process by. */
    static final String COOKIE = "JENKINS_SERVER_COOKIE";
    static final long READ_WAIT_MILLIS = 500;

    private final ToolLauncher launcher;

    AgentProcesses(ToolLauncher launcher) {
        this.launcher = launcher;
    }

    @Override
    public StartedProcess start(Command command, Map<String, String> environment, OutputStream stdout,
            OutputStream stderr) throws IOException {
        String cookie = "flatpak-" + UUID.randomUUID();
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put(COOKIE, cookie);
        LaunchedTool tool;
        try {
            tool = launcher.start(LaunchRequest.of(command, env, stderr == null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting " + command.program(), e);
        } catch (RuntimeException e) {
            throw new IOException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
        return new Launched(tool, cookie, command.program(), stdout, stderr == null ? stdout : stderr);
    }

    /** A process the controller launched, read by a thread of its own on this machine. */
    private static final class Launched implements StartedProcess {
        private final LaunchedTool tool;
        private final String cookie;
        private final String program;
        private final CountDownLatch ended = new CountDownLatch(1);
        private volatile Integer exit;
        private volatile Exception lost;

        Launched(LaunchedTool tool, String cookie, String program, OutputStream out, OutputStream err) {
            this.tool = tool;
            this.cookie = cookie;
            this.program = program;
            Thread reader = new Thread(() -> {
                try {
                    while (true) {
                        ToolOutput o = tool.read(READ_WAIT_MILLIS);
                        out.write(o.stdout());
                        err.write(o.stderr());
                        if (o.exitCode() != null) {
                            exit = o.exitCode();
                            return;
                        }
                    }
                } catch (Exception e) {
                    lost = e;
                } finally {
                    ended.countDown();
                }
            }, "output of " + program);
            reader.setDaemon(true);
            reader.start();
        }

        @Override
        public boolean waitFor(long millis) throws InterruptedException {
            return ended.await(millis, TimeUnit.MILLISECONDS);
        }

        @Override
        public int exitCode() {
            Integer code = exit;
            if (code == null) {
                Exception e = lost;
                throw new FlatpakException("lost track of " + program + ": "
                        + (e == null ? "no exit status" : e.getMessage() == null ? e.toString() : e.getMessage()));
            }
            return code;
        }

        @Override
        public void kill() {
            Thread remote = new Thread(() -> {
                try {
                    tool.kill();
                } catch (Exception | Error e) {
                    // the controller is gone or the Launcher failed; the local kill below still runs
                }
            }, "kill " + program);
            remote.setDaemon(true);
            remote.start();
            ToolRunner.killTrees(local());
            try {
                remote.join(LaunchedProc.KILL_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ToolRunner.killTrees(local()); // started meanwhile, or not yet visible at the first look
        }

        private List<ProcessHandle> local() {
            return Processes.withVariable(COOKIE, cookie);
        }
    }
}
