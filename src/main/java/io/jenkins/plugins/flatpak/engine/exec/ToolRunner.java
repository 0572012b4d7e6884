package io.jenkins.plugins.flatpak.engine.exec;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs external tools. Output is streamed line by line (masked) to an {@link OutputSink}; a timeout or a
 * cancel kills the whole process tree: SIGTERM first, SIGKILL after {@link #KILL_GRACE}.
 */
public final class ToolRunner {
    public static final Duration KILL_GRACE = Duration.ofSeconds(5);
    private static final int TAIL_LINES = 30;

    private final Map<String, String> environment;

    /** @param environment variables set for every tool this runner starts (for example FLATPAK_USER_DIR) */
    public ToolRunner(Map<String, String> environment) {
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    }

    public ToolRunner() {
        this(Map.of());
    }

    public Map<String, String> environment() {
        return environment;
    }

    /** A runner with extra variables on top of this one's. */
    public ToolRunner withEnvironment(Map<String, String> extra) {
        Map<String, String> merged = new LinkedHashMap<>(environment);
        merged.putAll(extra);
        return new ToolRunner(merged);
    }

    /** Runs the command, streaming its merged stdout and stderr to {@code sink}; fails on a non-zero exit. */
    public ToolResult run(Command command, Duration timeout, OutputSink sink, Cancellation cancel) {
        return execute(command, timeout, sink, cancel, false, Set.of(0));
    }

    /** Runs the command and returns its standard output lines; stderr goes to {@code sink}. */
    public ToolResult capture(Command command, Duration timeout, OutputSink sink, Cancellation cancel) {
        return execute(command, timeout, sink, cancel, true, Set.of(0));
    }

    /** Like {@link #capture} but an exit code in {@code accepted} is returned instead of thrown. */
    public ToolResult captureAccepting(Command command, Duration timeout, OutputSink sink, Cancellation cancel,
            Set<Integer> accepted) {
        return execute(command, timeout, sink, cancel, true, accepted);
    }

    private ToolResult execute(Command command, Duration timeout, OutputSink sink, Cancellation cancel,
            boolean capture, Set<Integer> accepted) {
        Cancellation c = cancel == null ? Cancellation.none() : cancel;
        OutputSink out = sink == null ? OutputSink.DISCARD : sink;
        c.check();
        ProcessBuilder pb = new ProcessBuilder(command.args());
        pb.environment().putAll(environment);
        pb.environment().putAll(command.env());
        if (command.directory() != null) {
            pb.directory(command.directory().toFile());
        }
        pb.redirectErrorStream(!capture);
        if (command.stdinBytes() == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new FlatpakException("cannot start " + command.program() + ": " + e.getMessage());
        }
        Deque<String> tail = new ArrayDeque<>();
        List<String> captured = Collections.synchronizedList(new ArrayList<>());
        Thread stdinWriter = null;
        if (command.stdinBytes() != null) {
            byte[] input = command.stdinBytes();
            stdinWriter = daemon("stdin " + command.program(), () -> {
                try (OutputStream os = process.getOutputStream()) {
                    os.write(input);
                } catch (IOException ignored) {
                    // the tool exited without reading its input; its exit status tells the story
                }
            });
        }
        Thread stdoutReader = daemon("stdout " + command.program(),
                () -> pump(process.getInputStream(), command, capture ? captured::add : line -> {
                    remember(tail, line);
                    out.line(line);
                }));
        Thread stderrReader = capture ? daemon("stderr " + command.program(),
                () -> pump(process.getErrorStream(), command, line -> {
                    remember(tail, line);
                    out.line(line);
                })) : null;
        Runnable unregister = c.onCancel(() -> killTree(process));
        boolean timedOut = false;
        try {
            if (timeout == null) {
                process.waitFor();
            } else if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                killTree(process);
                process.waitFor();
            }
            join(stdoutReader);
            join(stderrReader);
            join(stdinWriter);
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new CancelledException(command.program() + " was interrupted");
        } finally {
            unregister.run();
        }
        List<String> tailLines;
        synchronized (tail) {
            tailLines = List.copyOf(tail);
        }
        if (c.isCancelled()) {
            throw new CancelledException(c.reason() + " (" + command.program() + " stopped)");
        }
        if (timedOut) {
            throw new ToolTimeoutException(command.display(), timeout, tailLines);
        }
        int exit = process.exitValue();
        if (!accepted.contains(exit)) {
            if (capture && tailLines.isEmpty() && !captured.isEmpty()) {
                tailLines = lastLines(captured);
            }
            throw new ToolFailedException(command.program() + " failed", command.display(), exit, tailLines);
        }
        return new ToolResult(exit, List.copyOf(captured), tailLines);
    }

    private static List<String> lastLines(List<String> lines) {
        return List.copyOf(lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    }

    private static void remember(Deque<String> tail, String line) {
        synchronized (tail) {
            tail.addLast(line);
            while (tail.size() > TAIL_LINES) {
                tail.removeFirst();
            }
        }
    }

    private static void pump(InputStream in, Command command, OutputSink sink) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                sink.line(command.mask(line));
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

    private static void join(Thread t) throws InterruptedException {
        if (t != null) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
    }

    /**
     * Kills the process and every descendant: SIGTERM to all of them, then SIGKILL to whatever is left
     * after the grace period. Descendants are listed before the parent dies, because orphans are
     * re-parented and would no longer show as descendants afterwards.
     */
    public static void killTree(Process process) {
        killTree(process.toHandle());
    }

    public static void killTree(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>(root.descendants().collect(Collectors.toList()));
        all.add(root);
        for (ProcessHandle h : all) {
            h.destroy();
        }
        long deadline = System.nanoTime() + KILL_GRACE.toNanos();
        while (System.nanoTime() < deadline && all.stream().anyMatch(ProcessHandle::isAlive)) {
            List<ProcessHandle> late = new ArrayList<>();
            for (ProcessHandle h : all) {
                if (h.isAlive()) {
                    h.descendants().filter(d -> !all.contains(d)).forEach(late::add);
                }
            }
            late.forEach(ProcessHandle::destroy);
            all.addAll(late);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (ProcessHandle h : all) {
            if (h.isAlive()) {
                h.descendants().forEach(ProcessHandle::destroyForcibly);
                h.destroyForcibly();
            }
        }
    }

    static String describe(Duration d) {
        long s = d.toSeconds();
        if (s == 0) {
            return d.toMillis() + " ms";
        }
        return s % 60 == 0 && s >= 60 ? (s / 60) + " min" : s + " s";
    }
}
