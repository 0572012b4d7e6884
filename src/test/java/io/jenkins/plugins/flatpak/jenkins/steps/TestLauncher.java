package io.jenkins.plugins.flatpak.jenkins.steps;

import hudson.Launcher;
import hudson.Proc;
import io.jenkins.plugins.flatpak.engine.lock.Processes;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Launcher for tests that behaves as Jenkins' {@code LocalLauncher} does where the plugin depends on it: the
 * environment overrides go on top of this JVM's, {@code $VAR} and {@code $$} in each argument are expanded
 * ({@code Util.replaceMacro}), stderr joins stdout unless given, and killing sends only SIGTERM and waits up to 5
 * seconds ({@code ProcessTree}: no SIGKILL), so a process that ignores SIGTERM survives a kill through it.
 */
public class TestLauncher extends Launcher {
    private static final Pattern VARIABLE = Pattern.compile("\\$([A-Za-z0-9_]+|\\{[A-Za-z0-9_.]+\\}|\\$)");
    private static final long SOFT_KILL_WAIT_MILLIS = 5000;

    /** Every command this launcher started, as it started it. */
    final List<List<String>> launched = Collections.synchronizedList(new ArrayList<>());
    /** Every cookie {@link #kill} was asked to kill by. */
    final List<Map<String, String>> kills = Collections.synchronizedList(new ArrayList<>());

    public TestLauncher() {
        super(null, null);
    }

    @Override
    public Proc launch(ProcStarter starter) throws IOException {
        Map<String, String> env = new java.util.HashMap<>(System.getenv());
        for (String line : starter.envs()) {
            int eq = line.indexOf('=');
            env.put(line.substring(0, eq), line.substring(eq + 1));
        }
        List<String> cmd = new ArrayList<>();
        for (String arg : starter.cmds()) {
            cmd.add(expand(arg, env));
        }
        launched.add(List.copyOf(cmd));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        pb.environment().putAll(env);
        if (starter.pwd() != null) {
            throw new IOException("this test launcher has no FilePath to read a working directory from");
        }
        pb.redirectErrorStream(starter.stderr() == null);
        if (starter.stdin() == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        Process p = pb.start();
        List<Thread> pumps = new ArrayList<>();
        pumps.add(pump(p.getInputStream(), starter.stdout()));
        if (starter.stderr() != null) {
            pumps.add(pump(p.getErrorStream(), starter.stderr()));
        }
        if (starter.stdin() != null) {
            InputStream in = starter.stdin();
            Thread t = new Thread(() -> {
                try (OutputStream os = p.getOutputStream()) {
                    in.transferTo(os);
                } catch (IOException ignored) {
                    // the process did not read its input
                }
            });
            t.setDaemon(true);
            t.start();
        }
        return new TestProc(p, pumps);
    }

    /** Jenkins' {@code ProcessTree.killAll(Map)}: SIGTERM to every matching process tree, no SIGKILL. */
    @Override
    public void kill(Map<String, String> modelEnvVars) throws InterruptedException {
        kills.add(Map.copyOf(modelEnvVars));
        for (Map.Entry<String, String> e : modelEnvVars.entrySet()) {
            softKill(Processes.withVariable(e.getKey(), e.getValue()));
        }
    }

    static void softKill(List<ProcessHandle> roots) throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>();
        for (ProcessHandle r : roots) {
            r.descendants().forEach(all::add);
            all.add(r);
        }
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SOFT_KILL_WAIT_MILLIS);
        while (System.nanoTime() < deadline && all.stream().anyMatch(ProcessHandle::isAlive)) {
            Thread.sleep(50);
        }
    }

    static String expand(String s, Map<String, String> env) {
        int idx = 0;
        while (true) {
            Matcher m = VARIABLE.matcher(s);
            if (!m.find(idx)) {
                return s;
            }
            String key = m.group().substring(1);
            String value;
            if (key.charAt(0) == '$') {
                value = "$";
            } else {
                if (key.charAt(0) == '{') {
                    key = key.substring(1, key.length() - 1);
                }
                value = env.get(key);
            }
            if (value == null) {
                idx = m.end();
            } else {
                s = s.substring(0, m.start()) + value + s.substring(m.end());
                idx = m.start() + value.length();
            }
        }
    }

    private static Thread pump(InputStream in, OutputStream out) {
        Thread t = new Thread(() -> {
            byte[] b = new byte[8192];
            try (InputStream is = in) {
                int n;
                while ((n = is.read(b)) >= 0) {
                    if (out != null) {
                        out.write(b, 0, n);
                    }
                }
            } catch (IOException ignored) {
                // killed
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Jenkins' {@code LocalProc}: kill sends SIGTERM to the tree, then waits for the process to end. */
    static final class TestProc extends Proc {
        private final Process process;
        private final List<Thread> pumps;

        TestProc(Process process, List<Thread> pumps) {
            this.process = process;
            this.pumps = pumps;
        }

        @Override
        public boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public void kill() throws InterruptedException {
            softKill(List.of(process.toHandle()));
            join();
        }

        @Override
        public int join() throws InterruptedException {
            int code = process.waitFor();
            for (Thread t : pumps) {
                t.join();
            }
            return code;
        }

        @Override
        public InputStream getStdout() {
            return null;
        }

        @Override
        public InputStream getStderr() {
            return null;
        }

        @Override
        public OutputStream getStdin() {
            return null;
        }
    }
}
