package io.jenkins.plugins.flatpak.engine.exec;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import java.io.IOException;
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
 * cancel kills the whole process tree: SIGTERM first, SIGKILL after {@link #KILL_GRACE}. Where and how the
 * processes start is the {@link ProcessStarter}'s: on this machine by default ({@link LocalProcesses}).
 */
public final class ToolRunner {
    public static final Duration KILL_GRACE = Duration.ofSeconds(5);
    private static final int TAIL_LINES = 30;
    /** How long a killed tool may take to report its end before it is given up on. */
    private static final Duration KILLED_WAIT = Duration.ofSeconds(60);

    private final Map<String, String> environment;
    private final ProcessStarter starter;

    /** @param environment variables set for every tool this runner starts (for example FLATPAK_USER_DIR) */
    public ToolRunner(Map<String, String> environment) {
        this(environment, LocalProcesses.INSTANCE);
    }

    public ToolRunner(Map<String, String> environment, ProcessStarter starter) {
        this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        this.starter = starter;
    }

    public ToolRunner() {
        this(Map.of());
    }

    public Map<String, String> environment() {
        return environment;
    }

    /** What starts this runner's processes. */
    public ProcessStarter starter() {
        return starter;
    }

    /** A runner with extra variables on top of this one's, starting its processes the same way. */
    public ToolRunner withEnvironment(Map<String, String> extra) {
        Map<String, String> merged = new LinkedHashMap<>(environment);
        merged.putAll(extra);
        return new ToolRunner(merged, starter);
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
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.putAll(command.env());
        Deque<String> tail = new ArrayDeque<>();
        List<String> captured = Collections.synchronizedList(new ArrayList<>());
        LineSplitter logged = new LineSplitter(line -> {
            String masked = command.mask(line);
            remember(tail, masked);
            out.line(masked);
        });
        LineSplitter stdout = capture ? new LineSplitter(line -> captured.add(command.mask(line))) : logged;
        StartedProcess process;
        try {
            process = starter.start(command, env, stdout, capture ? logged : null);
        } catch (IOException e) {
            throw new FlatpakException("cannot start " + command.program() + ": " + e.getMessage());
        }
        Runnable unregister = c.onCancel(process::kill);
        boolean timedOut = false;
        boolean ended;
        try {
            ended = timeout == null ? waitForever(process) : process.waitFor(timeout.toMillis());
            if (!ended) {
                timedOut = true;
                process.kill();
                ended = process.waitFor(KILLED_WAIT.toMillis());
            }
        } catch (InterruptedException e) {
            process.kill();
            Thread.currentThread().interrupt();
            throw new CancelledException(command.program() + " was interrupted");
        } finally {
            unregister.run();
            stdout.close();
            logged.close();
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
        if (!ended) {
            throw new FlatpakException(command.program() + " did not end");
        }
        int exit = process.exitCode();
        if (!accepted.contains(exit)) {
            if (capture && tailLines.isEmpty() && !captured.isEmpty()) {
                tailLines = lastLines(captured);
            }
            throw new ToolFailedException(command.program() + " failed", command.display(), exit, tailLines);
        }
        return new ToolResult(exit, List.copyOf(captured), tailLines);
    }

    private static boolean waitForever(StartedProcess process) throws InterruptedException {
        while (!process.waitFor(TimeUnit.HOURS.toMillis(1))) {
            // a tool without a timeout runs as long as it takes
        }
        return true;
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




    /**
     * Kills the process and every descendant: SIGTERM to all of them, then SIGKILL to whatever is left
     * after the grace period. Descendants are listed before the parent dies, because orphans are
     * re-parented and would no longer show as descendants afterwards.
     */
    public static void killTree(Process process) {
        killTree(process.toHandle());
    }

    public static void killTree(ProcessHandle root) {
        killTrees(List.of(root));
    }

    /** {@link #killTree} of several processes at once, within one grace period. */
    public static void killTrees(List<ProcessHandle> roots) {
        List<ProcessHandle> all = new ArrayList<>();
        for (ProcessHandle root : roots) {
            root.descendants().filter(d -> !all.contains(d)).forEach(all::add);
            if (!all.contains(root)) {
                all.add(root);
            }
        }
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
