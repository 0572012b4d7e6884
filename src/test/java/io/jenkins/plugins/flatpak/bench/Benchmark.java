package io.jenkins.plugins.flatpak.bench;

import java.util.List;

/**
 * One benchmark of issue 4: it measures its subject and its baseline in the same process, one after the
 * other, and returns its figures. {@link BenchmarkMain} finds every non-abstract class of this package whose
 * name ends in {@code Benchmark} and that implements this interface (public no-argument constructor), runs
 * them in {@link #order()} and prints one line per figure.
 *
 * <p>Benchmarks are not tests: surefire never runs them (their names do not match its patterns); they run
 * with {@code mvn -Pbench test} (see docs/performance.md).
 */
public interface Benchmark {
    /** Short id to pick this benchmark on the command line ({@code -Dbench.only=publish,index}). */
    String id();

    /** The number of the benchmark in issue 4 (1 to 5): benchmarks run in this order. */
    int order();

    /**
     * Runs subject and baseline and returns the figures, each printed as soon as this returns. Use
     * {@link BenchContext#report} to print a figure earlier (it is then not repeated).
     */
    List<Figure> run(BenchContext context) throws Exception;
}
