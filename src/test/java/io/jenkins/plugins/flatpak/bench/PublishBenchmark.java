package io.jenkins.plugins.flatpak.bench;

import io.jenkins.plugins.flatpak.engine.Engine;
import io.jenkins.plugins.flatpak.engine.EngineConfig;
import io.jenkins.plugins.flatpak.engine.build.BuildResult;
import io.jenkins.plugins.flatpak.engine.build.BuildSpec;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.gpg.GpgHome;
import io.jenkins.plugins.flatpak.engine.gpg.KeyGenerator;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import io.jenkins.plugins.flatpak.engine.publish.PublishTarget;
import io.jenkins.plugins.flatpak.engine.publish.SummaryQueue;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Benchmark 1: N builds of distinct apps, committed in one engine, published at once from N threads into one
 * signed repository through {@link Engine#publish}, against the same N publishes done one after the other with
 * the raw CLI ({@code flatpak build-commit-from} then {@code flatpak build-update-repo}, signed, for each).
 * Both copy from the same build-repo into a new repository. Only the publishing is timed; building and
 * committing the apps is set-up. After the engine's run the target must pass {@link RepoCheck}.
 *
 * <p>Settings: {@code publish.sizes} (default 20,50: the figures; target ratio 0.35 applies at every size),
 * {@code publish.plotSizes} (default 1,5,10: extra points for the plot only), {@code publish.plot} (a PNG
 * path, relative to the project directory, to draw publish time against N; default: in the work dir),
 * {@code publish.repeat} (default 1: runs per N; with more, each side's median is used).
 */
public final class PublishBenchmark implements Benchmark {
    static final double TARGET = 0.35;

    /** One N: seconds through the engine and with the serial raw CLI, and the summary updates the engine ran. */
    record Point(int n, double engineSeconds, double serialSeconds, long summaryUpdates, String check) {
    }

    @Override
    public String id() {
        return "publish";
    }

    @Override
    public int order() {
        return 1;
    }

    @Override
    public List<Figure> run(BenchContext context) throws Exception {
        List<Integer> sizes = context.intListSetting("publish.sizes", 20, 50);
        List<Integer> plotSizes = context.intListSetting("publish.plotSizes", 1, 5, 10);
        int repeat = context.intSetting("publish.repeat", 1);
        TreeSet<Integer> all = new TreeSet<>(sizes);
        all.addAll(plotSizes);
        ToolRunner runner = context.runner();
        context.note("building " + all.last() + " distinct apps (reused from earlier runs when present)");
        List<BenchApps.App> apps = BenchApps.get(all.last(), runner, context.log());

        byte[] armored = KeyGenerator.generateArmoredSecretKey("Publish Benchmark <bench@example.org>", null);
        List<Figure> figures = new ArrayList<>();
        List<Point> points = new ArrayList<>();
        try (SigningKey key = SigningKey.parse(armored, null)) {
            for (int n : all) {
                List<Point> runs = new ArrayList<>();
                for (int i = 0; i < repeat; i++) {
                    runs.add(measure(n, apps.subList(0, n), key, runner, context));
                }
                Point p = median(runs);
                points.add(p);
                if (sizes.contains(n)) {
                    Figure f = new Figure(1, "publish N=" + n + " signed" + (repeat > 1 ? " (median of " + repeat + ")" : ""),
                            "engine (" + n + " threads)",
                            round(p.engineSeconds()), "serial raw CLI", round(p.serialSeconds()), "s",
                            List.of(p.summaryUpdates() + " summary update(s) (serial: " + n + ")", p.check()),
                            TARGET);
                    context.report(f);
                    figures.add(f);
                } else {
                    context.note(String.format(java.util.Locale.ROOT,
                            "plot point N=%d: engine %.3f s, serial raw CLI %.3f s, %d summary update(s)",
                            n, p.engineSeconds(), p.serialSeconds(), p.summaryUpdates()));
                }
            }
        }
        Path csv = context.workDir().resolve("publish-time-vs-n.csv");
        PublishPlot.writeCsv(points, csv);
        String plotSetting = System.getProperty("bench.publish.plot");
        Path png = plotSetting == null || plotSetting.isBlank() ? context.workDir().resolve("publish-time-vs-n.png")
                : FlatpakTestEnv.projectDir().resolve(plotSetting);
        PublishPlot.draw(points, png);
        context.note("publish time vs N: " + csv + ", plot " + png);
        return figures;
    }

    private Point measure(int n, List<BenchApps.App> apps, SigningKey key, ToolRunner runner, BenchContext context)
            throws Exception {
        Path dir = context.newDir("n" + n);
        Engine engine = new Engine(EngineConfig.inHome(dir.resolve("engine"), runner));
        List<String> ids = new ArrayList<>();
        for (BenchApps.App app : apps) {
            ids.add(committed(engine, app));
        }

        // The engine: N threads publish at once.
        Path engineRepo = dir.resolve("engine-repo");
        PublishTarget target = PublishTarget.simple("bench", engineRepo);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<BuildRecord>> results = new ArrayList<>();
        for (String id : ids) {
            results.add(pool.submit(() -> {
                start.await();
                return engine.publish(id, target, key, context.log(), Cancellation.none());
            }));
        }
        long t0 = System.nanoTime();
        start.countDown();
        List<String> published = new ArrayList<>();
        for (Future<BuildRecord> f : results) {
            BuildRecord r = f.get();
            if (r.getStatus() != BuildStatus.PUBLISHED) {
                throw new IllegalStateException("build " + r.getId() + " ended " + r.getStatus() + ": " + r.getError());
            }
            published.addAll(r.getPublished().keySet());
        }
        long engineNanos = System.nanoTime() - t0;
        pool.shutdown();
        long updates = SummaryQueue.of(engineRepo).updatesRun();
        String check = RepoCheck.check(engineRepo, key.publicKeyBinary(), published);

        // The baseline: the same publishes one after the other with the raw CLI.
        Path serialRepo = dir.resolve("serial-repo");
        Path buildRepo = engine.config().buildRepo();
        long serialNanos;
        try (GpgHome gpg = GpgHome.open(key, runner)) {
            RawCli cli = new RawCli(runner, gpg, context.log());
            cli.init(serialRepo);
            serialNanos = BenchContext.nanos(() -> {
                for (BenchApps.App app : apps) {
                    cli.commitFrom(buildRepo, serialRepo, List.of(app.ref()));
                    cli.updateRepo(serialRepo);
                }
                return null;
            });
        }
        BenchApps.deleteQuietly(dir.resolve("engine").resolve("work"));
        return new Point(n, engineNanos / 1e9, serialNanos / 1e9, updates, check);
    }

    /** Per side, the median of the runs (the summary updates and check of the run whose engine time is the median). */
    private static Point median(List<Point> runs) {
        List<Point> byEngine = new ArrayList<>(runs);
        byEngine.sort(java.util.Comparator.comparingDouble(Point::engineSeconds));
        List<Double> serial = new ArrayList<>(runs.stream().map(Point::serialSeconds).toList());
        java.util.Collections.sort(serial);
        Point mid = byEngine.get(runs.size() / 2);
        return new Point(mid.n(), mid.engineSeconds(), serial.get(runs.size() / 2), mid.summaryUpdates(), mid.check());
    }

    /** A build of {@code app} in {@code engine}, imported from the app's export repository and committed. */
    static String committed(Engine engine, BenchApps.App app) {
        BuildRecord created = engine.createBuild(BuildSpec.fromDirectory(app.sourceDir().toString(), app.manifest())
                .withBranch(BenchApps.BRANCH));
        String id = created.getId();
        engine.beginBuild(id);
        String[] ref = app.ref().split("/");
        engine.importBuild(id, app.exportRepo(), new BuildResult(app.exportRepo().toString(),
                Map.of(app.ref(), app.commit()), app.appId(), ref[2], ref[3], app.manifest(), null, List.of(),
                List.of()), line -> { }, Cancellation.none());
        engine.commit(id, line -> { }, Cancellation.none());
        return id;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
