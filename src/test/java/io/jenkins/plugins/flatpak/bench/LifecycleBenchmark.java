package io.jenkins.plugins.flatpak.bench;

import io.jenkins.plugins.flatpak.engine.Engine;
import io.jenkins.plugins.flatpak.engine.EngineConfig;
import io.jenkins.plugins.flatpak.engine.build.BuildSpec;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.gpg.GpgHome;
import io.jenkins.plugins.flatpak.engine.gpg.GpgHomes;
import io.jenkins.plugins.flatpak.engine.gpg.KeyGenerator;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import io.jenkins.plugins.flatpak.engine.lock.PathLock;
import io.jenkins.plugins.flatpak.engine.publish.PublishTarget;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark 2: a sample app built, committed and published into a signed repository through the engine
 * ({@link Engine#build}, {@link Engine#commit}, {@link Engine#publish}, in this JVM, so JVM start is not
 * counted) against the raw CLI sequence a shell script runs: {@code flatpak-builder --repo=<repo>} (cold
 * state dir, like the engine's first build of an app; the engine's build-repo exists but is empty),
 * {@code gpg --import} of the signing key into a GnuPG home of its own (as a CI script given the key as a secret
 * does; the engine's publish imports it too), {@code ostree init} of the target,
 * {@code flatpak build-commit-from} of the exported refs into it and {@code flatpak build-update-repo}, both
 * signed. After one untimed run of each (class loading and JIT belong to JVM start-up, which is excluded),
 * runs {@code lifecycle.repeat} times (default 5), alternating which goes first, and compares medians.
 * Settings: {@code lifecycle.sample} (a directory of test-repos, default hello-yaml), {@code lifecycle.repeat}.
 */
public final class LifecycleBenchmark implements Benchmark {
    static final double TARGET = 1.15;

    @Override
    public String id() {
        return "lifecycle";
    }

    @Override
    public int order() {
        return 2;
    }

    @Override
    public List<Figure> run(BenchContext context) throws Exception {
        String sample = System.getProperty("bench.lifecycle.sample", "hello-yaml");
        int repeat = context.intSetting("lifecycle.repeat", 5);
        Path original = FlatpakTestEnv.sample(sample);
        String manifest;
        try (var files = Files.list(original)) {
            manifest = files.map(p -> p.getFileName().toString())
                    .filter(f -> f.matches("[A-Za-z0-9_.-]+\\.(yml|yaml|json)")).sorted().findFirst().orElseThrow();
        }
        ToolRunner runner = context.runner();
        byte[] armored = KeyGenerator.generateArmoredSecretKey("Lifecycle Benchmark <bench@example.org>", null);
        List<Long> engineRuns = new ArrayList<>();
        List<Long> cliRuns = new ArrayList<>();
        String check = "";
        try (SigningKey key = SigningKey.parse(armored, null)) {
            // Untimed: class loading and JIT of the engine (part of JVM start-up), and warm caches for both.
            engine(sample, manifest, key, runner, context);
            cli(sample, manifest, key, runner, context);
            for (int i = 0; i < repeat; i++) {
                boolean engineFirst = i % 2 == 1;
                if (engineFirst) {
                    engineRuns.add(engine(sample, manifest, key, runner, context));
                }
                cliRuns.add(cli(sample, manifest, key, runner, context));
                if (!engineFirst) {
                    engineRuns.add(engine(sample, manifest, key, runner, context));
                }
                context.note(String.format(Locale.ROOT, "run %d: engine %.3f s, raw CLI %.3f s", i + 1,
                        engineRuns.get(i) / 1e9, cliRuns.get(i) / 1e9));
            }
            check = lastCheck;
        }
        return List.of(Figure.seconds(2, "build+commit+publish of " + sample + " (median of " + repeat + ")",
                "engine", median(engineRuns), "raw CLI", median(cliRuns), List.of(check), TARGET));
    }

    private String lastCheck = "";

    private long engine(String sample, String manifest, SigningKey key, ToolRunner runner, BenchContext context)
            throws Exception {
        Path dir = context.newDir("engine");
        Path source = FlatpakTestEnv.sampleCopy(sample);
        Engine engine = new Engine(EngineConfig.inHome(dir.resolve("home"), runner));
        // Untimed: the build-repo exists before the build, as in an installation that has built before; it is
        // still new and empty, so the import brings in every object of the build, as for an app built the first time.
        try (PathLock lock = engine.buildRepository().repo().lock()) {
            engine.buildRepository().repo().ensureExists(null, context.log(), Cancellation.none());
        }
        Path repo = dir.resolve("repo");
        PublishTarget target = PublishTarget.simple("stable", repo);
        BuildRecord[] published = new BuildRecord[1];
        context.log().line("[bench] engine run starts");
        long nanos = BenchContext.nanos(() -> {
            BuildRecord built = engine.build(BuildSpec.fromDirectory(source.toString(), manifest).withBranch("stable"),
                    context.log(), Cancellation.none());
            engine.commit(built.getId(), context.log(), Cancellation.none());
            published[0] = engine.publish(built.getId(), target, key, context.log(), Cancellation.none());
            return null;
        });
        if (published[0].getStatus() != BuildStatus.PUBLISHED) {
            throw new IllegalStateException("the engine's build ended " + published[0].getStatus());
        }
        StringBuilder phases = new StringBuilder("engine phases:");
        published[0].getPhases().forEach((phase, t) -> phases.append(' ').append(phase).append(' ')
                .append(t.duration() == null ? "?" : String.format(Locale.ROOT, "%.3f s", t.duration().toMillis() / 1e3)));
        context.log().line("[bench] " + phases);
        lastCheck = RepoCheck.check(repo, key.publicKeyBinary(), published[0].getPublished().keySet());
        BenchApps.deleteQuietly(dir.resolve("home").resolve("work"));
        // Untimed: the GnuPG home the publish leased would otherwise close GpgHomes.LINGER later, in the middle of
        // the next timed run (either side's), or be reused by the next engine run. Each engine run pays for its own.
        GpgHomes.closeIdle();
        return nanos;
    }

    private long cli(String sample, String manifest, SigningKey key, ToolRunner runner, BenchContext context)
            throws Exception {
        Path dir = context.newDir("cli");
        Path source = FlatpakTestEnv.sampleCopy(sample);
        Path export = dir.resolve("export-repo");
        Path repo = dir.resolve("repo");
        GpgHome[] gpg = new GpgHome[1];
        try {
            context.log().line("[bench] raw CLI run starts");
            long nanos = BenchContext.nanos(() -> {
                new RawCli(runner, null, context.log()).build(source.resolve(manifest), dir.resolve("build"),
                        dir.resolve("state"), export, "stable");
                // A CI script signs with a key it is given as a secret: `gpg --import` into a GNUPGHOME of its own,
                // as the engine's publish imports it into its private home (both timed; both homes closed untimed).
                gpg[0] = GpgHome.open(key, runner);
                RawCli cli = new RawCli(runner, gpg[0], context.log());
                cli.init(repo);
                cli.commitFrom(export, repo, List.of());
                cli.updateRepo(repo);
                return null;
            });
            BenchApps.deleteQuietly(dir.resolve("build"));
            BenchApps.deleteQuietly(dir.resolve("state"));
            return nanos;
        } finally {
            if (gpg[0] != null) {
                gpg[0].close();
            }
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
