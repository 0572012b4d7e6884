package io.jenkins.plugins.flatpak.bench;

import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * What a benchmark gets from {@link BenchmarkMain}: a fresh work directory, the tool runner of the test
 * environment (offline test runtime installed, see {@link FlatpakTestEnv}), a log for tool output (a file, so
 * standard output carries only the figures), settings from system properties, and a way to print figures.
 */
public final class BenchContext {
    private final Path workDir;
    private final OutputSink log;
    private final PrintStream out;
    private final List<Figure> reported = new ArrayList<>();

    BenchContext(Path workDir, OutputSink log, PrintStream out) {
        this.workDir = workDir;
        this.log = log;
        this.out = out;
    }

    /** An empty directory of this benchmark's own, kept after the run for inspection. */
    public Path workDir() {
        return workDir;
    }

    /** A new empty directory under {@link #workDir()}. */
    public Path newDir(String prefix) {
        try {
            return Files.createTempDirectory(workDir, prefix + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shared test runner: FLATPAK_USER_DIR with the offline test runtime and SDK installed. */
    public ToolRunner runner() {
        return FlatpakTestEnv.runner();
    }

    /** Where tool output goes (the run's log file). */
    public OutputSink log() {
        return log;
    }

    /** A progress note on standard output (prefixed, so figure lines stay easy to pick out). */
    public void note(String message) {
        synchronized (out) {
            out.println("  . " + message);
        }
        log.line("[bench] " + message);
    }

    /** Prints a figure now; {@link BenchmarkMain} does not print it again. */
    public void report(Figure figure) {
        synchronized (out) {
            out.println(figure.line());
        }
        log.line(figure.line());
        reported.add(figure);
    }

    List<Figure> reported() {
        return reported;
    }

    /** An integer setting: system property {@code bench.<name>}, else the default. */
    public int intSetting(String name, int defaultValue) {
        String v = System.getProperty("bench." + name);
        return v == null || v.isBlank() ? defaultValue : Integer.parseInt(v.trim());
    }

    /** A list of integers ({@code -Dbench.publish.sizes=20,50}), else the defaults. */
    public List<Integer> intListSetting(String name, Integer... defaults) {
        String v = System.getProperty("bench." + name);
        if (v == null || v.isBlank()) {
            return Arrays.asList(defaults);
        }
        List<Integer> out = new ArrayList<>();
        for (String part : v.split(",")) {
            out.add(Integer.parseInt(part.trim()));
        }
        return out;
    }

    /** Nanoseconds {@code work} took. */
    public static long nanos(Callable<?> work) throws Exception {
        long start = System.nanoTime();
        work.call();
        return System.nanoTime() - start;
    }
}
