package io.jenkins.plugins.flatpak.bench;

import io.jenkins.plugins.flatpak.engine.Engine;
import io.jenkins.plugins.flatpak.engine.EngineConfig;
import io.jenkins.plugins.flatpak.engine.build.BuildSpec;
import io.jenkins.plugins.flatpak.engine.build.CacheSample;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Benchmark 3: an unchanged rebuild against a cold build with the same state dir, both through
 * {@link Engine#build} (sources staged, flatpak-builder, import into the build-repo).
 *
 * <p>Sample: {@link CacheSample}, whose first module computes {@code cache.tables} tables of
 * {@code cache.iterations} steps of a pseudo-random sequence in a shell loop (default 40 x 30000, about 10 s on
 * this machine: real build work, small output), then installs a {@code cache.payload}-byte file and a launcher.
 * Each run uses a new engine home: a cold build on an empty state dir and an empty build-repo, then an unchanged
 * rebuild from another copy of the sources (another workspace) on the same state dir, which must report every
 * module cached. Medians of {@code cache.runs} runs (default 3).
 */
public final class RebuildCacheBenchmark implements Benchmark {
    @Override
    public String id() {
        return "cache";
    }

    @Override
    public int order() {
        return 3;
    }

    @Override
    public List<Figure> run(BenchContext context) throws Exception {
        int tables = context.intSetting("cache.tables", 40);
        int iterations = context.intSetting("cache.iterations", 30000);
        int payload = context.intSetting("cache.payload", 1 << 20);
        int runs = context.intSetting("cache.runs", 3);
        List<Long> cold = new ArrayList<>();
        List<Long> warm = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            Engine engine = new Engine(EngineConfig.inHome(context.newDir("home"), context.runner()));
            Path first = CacheSample.create(context.newDir("workspace-a").resolve("src"), tables, iterations, payload,
                    1);
            Path second = CacheSample.create(context.newDir("workspace-b").resolve("src"), tables, iterations,
                    payload, 1);
            BuildRecord[] built = new BuildRecord[2];
            cold.add(BenchContext.nanos(() -> built[0] = engine.build(BuildSpec.fromDirectory(first.toString(),
                    CacheSample.MANIFEST), context.log(), Cancellation.none())));
            warm.add(BenchContext.nanos(() -> built[1] = engine.build(BuildSpec.fromDirectory(second.toString(),
                    CacheSample.MANIFEST), context.log(), Cancellation.none())));
            if (!built[0].getBuiltModules().equals(CacheSample.MODULES)
                    || !built[1].getCachedModules().equals(CacheSample.MODULES)) {
                throw new AssertionError("run " + run + ": cold build built " + built[0].getBuiltModules()
                        + ", rebuild took " + built[1].getCachedModules() + " from the cache");
            }
            String appRef = built[0].appRef();
            String coldTree = engine.buildRepository().repo().rootTree(built[0].getRefs().get(appRef), null);
            if (!coldTree.equals(engine.buildRepository().repo().rootTree(built[1].getRefs().get(appRef), null))) {
                throw new AssertionError("run " + run + ": the rebuild's content differs from the cold build's");
            }
            context.note(String.format("run %d: cold %.2f s, unchanged rebuild %.2f s", run,
                    cold.get(run - 1) / 1e9, warm.get(run - 1) / 1e9));
        }
        return List.of(Figure.seconds(3, "unchanged rebuild vs cold build, same state dir", "rebuild",
                median(warm), "cold build", median(cold),
                List.of(tables + "x" + iterations + " loop steps + " + payload + "-byte file",
                        "all " + CacheSample.MODULES.size() + " modules cached, same tree",
                        "median of " + runs), 0.25));
    }

    static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
