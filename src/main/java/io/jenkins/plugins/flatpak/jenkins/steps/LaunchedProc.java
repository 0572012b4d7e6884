package io.jenkins.plugins.flatpak.jenkins.steps;

import hudson.Launcher;
import hudson.Proc;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A process started through the step's Launcher, on the controller: its output is kept until the agent reads it,
 * and its end is learnt from {@link Proc#join} on a thread of its own.
 */
final class LaunchedProc implements LaunchedTool {
    /**
     * Output kept for the agent at most; past it the oldest is dropped. Writes never block: they come from
     * remoting's pipe, which also carries the build's console.
     */
    static final int MAX_KEPT = 16 << 20;
    /** How long a kill through the Launcher may take ({@code Proc.kill} waits for the process to end). */
    static final long KILL_WAIT_MILLIS = ToolRunner.KILL_GRACE.toMillis() + 10_000;
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService WAITERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "Flatpak launched tool " + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private final Proc proc;
    private final Output output;
    private final Launcher launcher;
    private final String cookie;
    private final String program;

    LaunchedProc(Proc proc, Output output, Launcher launcher, String cookie, String program) {
        this.proc = proc;
        this.output = output;
        this.launcher = launcher;
        this.cookie = cookie;
        this.program = program;
        WAITERS.execute(() -> {
            int code;
            try {
                code = proc.join();
            } catch (Exception e) {
                code = -1;
            }
            output.ended(code);
        });
    }

    @Override
    public ToolOutput read(long waitMillis) throws InterruptedException {
        return output.read(waitMillis);
    }

    @Override
    public void kill() throws InterruptedException {
        bounded("kill " + program, () -> {
            proc.kill();
            return null;
        });
        if (cookie != null) {
            bounded("kill processes of " + program, () -> {
                launcher.kill(Map.of(AgentProcesses.COOKIE, cookie));
                return null;
            });
        }
    }

    private static void bounded(String what, java.util.concurrent.Callable<Void> action) throws InterruptedException {
        Future<Void> f = WAITERS.submit(action);
        try {
            f.get(KILL_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // the agent escalates to SIGKILL for whatever is left that it can see
        }
    }

    /** The process's standard output and error until the agent reads them, and its exit code. */
    static final class Output {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private Integer exit;

        OutputStream stdout() {
            return new Sink(out);
        }

        OutputStream stderr() {
            return new Sink(err);
        }

        synchronized void ended(int code) {
            exit = code;
            notifyAll();
        }

        synchronized ToolOutput read(long waitMillis) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
            while (exit == null && out.size() == 0 && err.size() == 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                wait(left);
            }
            ToolOutput o = new ToolOutput(out.toByteArray(), err.toByteArray(), exit);
            out.reset();
            err.reset();
            return o;
        }

        private synchronized void write(ByteArrayOutputStream to, byte[] b, int off, int len) {
            if (to.size() + len > MAX_KEPT) {
                byte[] kept = to.toByteArray();
                to.reset();
                int keep = Math.max(0, MAX_KEPT / 2 - len);
                to.write(kept, kept.length - Math.min(keep, kept.length), Math.min(keep, kept.length));
            }
            to.write(b, off, len);
            notifyAll();
        }

        private final class Sink extends OutputStream {
            private final ByteArrayOutputStream to;

            Sink(ByteArrayOutputStream to) {
                this.to = to;
            }

            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                Output.this.write(to, b, off, len);
            }
        }
    }
}
