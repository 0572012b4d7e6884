package io.jenkins.plugins.flatpak.bench;

import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs every {@link Benchmark} of this package, or those named in the arguments, and prints one line per figure, then all the lines again together. Tool output goes to
 * {@code <work>/bench.log}; {@code <work>} is {@code -Dbench.work}, else
 * {@code <flatpak.test.work>/bench/<time>}. Exits 1 when a benchmark failed (not when a target was missed:
 * the line says so).
 *
 * <p>Arguments are words, also several in one argument separated by spaces (the pom passes
 * {@code -Dbench="..."} as one): a benchmark id ({@code publish}), {@code all}, or a setting
 * {@code name=value}, which becomes system property {@code bench.name} ({@code publish.sizes=5,20}).
 */
public final class BenchmarkMain {
    private BenchmarkMain() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        Set<String> only = new LinkedHashSet<>();
        for (String arg : args) {
            for (String word : arg.trim().split("\\s+")) {
                if (word.contains("=")) {
                    String[] kv = word.split("=", 2);
                    System.setProperty(kv[0].startsWith("bench.") ? kv[0] : "bench." + kv[0], kv[1]);
                } else if (!word.isEmpty() && !word.equals("all")) {
                    only.addAll(List.of(word.split(",")));
                }
            }
        }
        String property = System.getProperty("bench.only");
        if (property != null && !property.isBlank()) {
            for (String id : property.split(",")) {
                only.add(id.trim());
            }
        }
        List<Benchmark> benchmarks = discover();
        if (!only.isEmpty()) {
            benchmarks.removeIf(b -> !only.contains(b.id()));
            if (benchmarks.isEmpty()) {
                out.println("no benchmark named " + only + "; known: " + discover().stream().map(Benchmark::id).toList());
                System.exit(2);
            }
        }
        Path work = work();
        List<Figure> figures = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try (BufferedWriter logFile = Files.newBufferedWriter(work.resolve("bench.log"), StandardCharsets.UTF_8)) {
            OutputSink log = line -> {
                synchronized (logFile) {
                    try {
                        logFile.write(LocalDateTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss.SSS ")));
                        logFile.write(line);
                        logFile.newLine();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
            out.println("benchmarks " + benchmarks.stream().map(Benchmark::id).toList() + " in " + work
                    + " (tool output: " + work.resolve("bench.log") + ")");
            FlatpakTestEnv.runner(); // installs the test runtime once, before any timing
            for (Benchmark b : benchmarks) {
                Path dir = Files.createDirectories(work.resolve(b.order() + "-" + b.id()));
                BenchContext context = new BenchContext(dir, log, out);
                out.println("== benchmark " + b.order() + " (" + b.id() + ")");
                try {
                    List<Figure> result = b.run(context);
                    figures.addAll(context.reported());
                    for (Figure f : result) {
                        if (!context.reported().contains(f)) {
                            out.println(f.line());
                            log.line(f.line());
                            figures.add(f);
                        }
                    }
                } catch (Exception | AssertionError e) {
                    figures.addAll(context.reported());
                    String message = "[bench " + b.order() + "] " + b.id() + " FAILED: " + e;
                    out.println(message);
                    e.printStackTrace(out);
                    failures.add(message);
                }
                logFile.flush();
            }
        }
        out.println("== figures");
        figures.forEach(f -> out.println(f.line()));
        failures.forEach(out::println);
        long met = figures.stream().filter(Figure::met).count();
        out.println("targets: " + met + " met, " + (figures.size() - met) + " missed"
                + (failures.isEmpty() ? "" : ", " + failures.size() + " benchmark(s) failed"));
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    private static Path work() throws IOException {
        String property = System.getProperty("bench.work");
        Path dir = property != null && !property.isBlank() ? Path.of(property)
                : FlatpakTestEnv.workDir().resolve("bench")
                        .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        return Files.createDirectories(dir.toAbsolutePath().normalize());
    }

    /** Every class {@code *Benchmark} of this package (a directory on the class path) that implements {@link Benchmark}. */
    static List<Benchmark> discover() throws IOException, URISyntaxException, ReflectiveOperationException {
        String pkg = BenchmarkMain.class.getPackageName();
        URL url = BenchmarkMain.class.getClassLoader().getResource(pkg.replace('.', '/'));
        if (url == null || !url.getProtocol().equals("file")) {
            throw new IllegalStateException("benchmarks run from a class directory (target/test-classes), not " + url);
        }
        List<Benchmark> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            for (Path f : files.sorted().toList()) {
                String file = f.getFileName().toString();
                if (!file.endsWith("Benchmark.class") || file.contains("$")) {
                    continue;
                }
                Class<?> c = Class.forName(pkg + "." + file.substring(0, file.length() - ".class".length()));
                if (Benchmark.class.isAssignableFrom(c) && !c.isInterface()
                        && !java.lang.reflect.Modifier.isAbstract(c.getModifiers())) {
                    found.add((Benchmark) c.getDeclaredConstructor().newInstance());
                }
            }
        }
        found.sort(Comparator.comparingInt(Benchmark::order).thenComparing(Benchmark::id));
        return found;
    }
}
