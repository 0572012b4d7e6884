/**
 * The benchmarks of issue 4 and their harness (not tests: surefire never runs them). A benchmark is a class
 * {@code *Benchmark} implementing {@link io.jenkins.plugins.flatpak.bench.Benchmark}; it returns
 * {@link io.jenkins.plugins.flatpak.bench.Figure}s, each a subject against a baseline measured in the same
 * run, printed as one line ending in the ratio. {@link io.jenkins.plugins.flatpak.bench.BenchmarkMain} finds
 * and runs them: {@code mvn -B -Pbench test [-Dbench="id id name=value"]}. See docs/performance.md.
 */
package io.jenkins.plugins.flatpak.bench;
