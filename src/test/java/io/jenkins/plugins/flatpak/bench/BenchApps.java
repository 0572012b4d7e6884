package io.jenkins.plugins.flatpak.bench;

import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.fs.Trees;
import io.jenkins.plugins.flatpak.engine.repo.OstreeRepo;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Distinct small apps for the benchmarks: copies of the {@code hello-yaml} sample whose app id is
 * {@code org.example.bench.App<i>}, each built once by flatpak-builder into an export repository of its own
 * (two builds at a time). Built apps are kept in {@code <flatpak.test.work>/bench-apps} and reused by later
 * runs, so only the first run pays for building them; nothing timed depends on that.
 */
final class BenchApps {
    static final String BRANCH = "stable";
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);

    /** One built app: its source copy and manifest, and its export repository with the one ref it holds. */
    record App(String appId, Path sourceDir, String manifest, Path exportRepo, String ref, String commit) {
    }

    private BenchApps() {}

    static Path root() {
        return FlatpakTestEnv.workDir().resolve("bench-apps");
    }

    /** Apps 0 to {@code count - 1}, building those not built yet. */
    static List<App> get(int count, ToolRunner runner, OutputSink log) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<App>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String appId = "org.example.bench.App" + i;
                futures.add(pool.submit(() -> app(appId, runner, log)));
            }
            List<App> apps = new ArrayList<>();
            for (Future<App> f : futures) {
                apps.add(f.get());
            }
            return apps;
        } finally {
            pool.shutdown();
        }
    }

    /** A fresh copy of the hello sample with app id {@code appId}, in {@code dir}; returns the manifest's name. */
    static String helloAs(String appId, Path dir) throws IOException {
        Trees.delete(dir);
        Path source = FlatpakTestEnv.sample("hello-yaml");
        Files.createDirectories(dir);
        String manifest = appId + ".yml";
        Files.writeString(dir.resolve(manifest), Files.readString(source.resolve("org.example.Hello.yml"))
                .replace("org.example.Hello", appId));
        return manifest;
    }

    private static App app(String appId, ToolRunner runner, OutputSink log) throws IOException {
        Path dir = root().resolve(appId);
        Path src = dir.resolve("src");
        Path export = dir.resolve("export-repo");
        String manifest = appId + ".yml";
        String ref = "app/" + appId + "/" + FlatpakTestEnv.arch() + "/" + BRANCH;
        OstreeRepo repo = new OstreeRepo(export, runner);
        String commit = repo.exists() && Files.isRegularFile(src.resolve(manifest)) ? repo.revParse(ref, null) : null;
        if (commit == null) {
            helloAs(appId, src);
            Trees.delete(export);
            runner.run(Command.of("flatpak-builder")
                    .arg("--disable-rofiles-fuse").arg("--force-clean").arg("--disable-updates")
                    .option("--state-dir", dir.resolve("state").toString())
                    .option("--default-branch", BRANCH)
                    .option("--repo", export.toString())
                    .endOfOptions().arg(dir.resolve("build").toString()).arg(src.resolve(manifest).toString()),
                    BUILD_TIMEOUT, log, null);
            Trees.delete(dir.resolve("build"));
            commit = repo.revParse(ref, null);
            if (commit == null) {
                throw new IllegalStateException("flatpak-builder exported no " + ref + " into " + export);
            }
        }
        return new App(appId, src, manifest, export, ref, commit);
    }

    static Map<String, String> refs(List<App> apps) {
        java.util.LinkedHashMap<String, String> refs = new java.util.LinkedHashMap<>();
        apps.forEach(a -> refs.put(a.ref(), a.commit()));
        return refs;
    }

    static void deleteQuietly(Path dir) {
        try {
            Trees.delete(dir);
        } catch (UncheckedIOException | io.jenkins.plugins.flatpak.engine.FlatpakException ignored) {
            // a benchmark's left-overs are inspected or deleted later
        }
    }
}
