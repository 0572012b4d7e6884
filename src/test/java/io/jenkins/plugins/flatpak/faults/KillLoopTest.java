package io.jenkins.plugins.flatpak.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.Engine;
import io.jenkins.plugins.flatpak.engine.EngineConfig;
import io.jenkins.plugins.flatpak.engine.build.FlatpakBuilder;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.gpg.KeyGenerator;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import io.jenkins.plugins.flatpak.engine.lock.Orphans;
import io.jenkins.plugins.flatpak.engine.lock.PathLock;
import io.jenkins.plugins.flatpak.engine.lock.ProcessOwner;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kill -9} of a runner process in the middle of a publish, a build and a commit, {@link #KILLS} times
 * each (system property {@code flatpak.faults.kills}: 3 by default, 20 with {@code -Pfaults}), at a random
 * point of the phase: the test waits for the progress line that says the phase began, then kills the JVM
 * after a random fraction of the phase's measured duration ({@code flatpak.faults.seed} repeats a run). Only
 * the JVM is killed, as a crash or the OOM killer would: the tools it started keep running.
 *
 * <p>After each kill: every record still reads; the lock the dead process held is taken over at once, and what
 * it left running is stopped first; {@link Engine#recoverInterrupted} (what every runner command and the Jenkins
 * plugin call on start) marks the build failed with the reason and leaves no tool, gpg-agent or GnuPG home of
 * the dead process; the repositories pass {@code ostree fsck}; and the next attempt succeeds: the publish retried
 * lands no second commit and leaves a consistent signed repository ({@link RepoCheck}), the next build builds
 * and commits, the commit retried commits.
 */
class KillLoopTest {
    static final int KILLS = Integer.getInteger("flatpak.faults.kills", 3);
    static final long SEED = Long.getLong("flatpak.faults.seed", System.nanoTime());
    static final Duration PHASE_START = Duration.ofMinutes(3);
    static final Duration RUN = Duration.ofMinutes(10);
    private static final List<Path> TMP_DIRS = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** What one loop saw; printed as the test's result line. */
    static final class Tally {
        final String phase;
        int kills;
        int recovered;
        int midPhase;
        int finishedBeforeKill;
        int orphans;
        int locksTakenOver;
        int staleUntilRetry;
        int summariesPutBack;
        int cachesDropped;
        final List<String> failures = new ArrayList<>();

        Tally(String phase) {
            this.phase = phase;
        }

        void print() {
            String more = switch (phase) {
                case "publish" -> "; " + summariesPutBack + " interrupted summary updates had their previous signed"
                        + " summary put back; until the retried publish, " + staleUntilRetry
                        + " left the signed summary listing an older commit";
                case "build" -> "; " + cachesDropped + " left a broken flatpak-builder cache, dropped by the next build";
                default -> "";
            };
            System.out.printf("kill loop (%s): %d kills, %d recovered, %d failures; %d killed mid-%s, %d finished "
                    + "before the kill; %d orphaned tools found running and stopped; %d locks taken over from the dead "
                    + "process%s; seed %d%n", phase, kills, recovered, failures.size(), midPhase, phase,
                    finishedBeforeKill, orphans, locksTakenOver, more, SEED);
            failures.forEach(f -> System.out.println("  failure: " + f));
        }
    }

    /** One phase of a kill loop: how to start an attempt, and what must hold after its kill. */
    private interface Phase {
        /** Starts attempt {@code i} as a runner process and returns once the phase began in it. */
        Started start(int i, Path tmp) throws Exception;

        /** The attempt ended before the kill landed (it exited 0). */
        default void finished(Started s) {
        }

        /** After the kill: recover, check, and try again. {@code mid}: the record was still in the phase. */
        void afterKill(Started s, ProcessOwner owner, Path tmp, boolean mid, Tally t) throws Exception;

        /** An attempt failed its checks; reset what the next attempt is compared with. */
        default void failed() {
        }
    }

    /** A started attempt: the runner process, and the build it works on. */
    private record Started(RunnerProcess process, String id) {
    }

    /**
     * Kills {@link #KILLS} attempts of a phase after a random part of {@code phaseMillis}, each once the phase
     * began; an attempt that ends first is let be (up to {@code maxAttempts} attempts). Asserts the record is in
     * the phase or past it at the kill, then {@link Phase#afterKill}.
     */
    private static void loop(String name, Random random, long phaseMillis, int maxAttempts, Engine engine,
            BuildStatus during, BuildStatus after, Phase phase) throws Exception {
        Tally t = new Tally(name);
        for (int i = 1; t.kills < KILLS && i <= maxAttempts; i++) {
            Path tmp = shortTmp();
            Started s = phase.start(i, tmp);
            RunnerProcess p = s.process();
            ProcessOwner owner = ownerOf(p);
            Thread.sleep((long) (random.nextDouble() * phaseMillis));
            if (!p.process.isAlive()) {
                t.finishedBeforeKill++;
                assertEquals(0, p.waitFor(RUN), p.err());
                phase.finished(s);
                continue;
            }
            p.kill9();
            t.kills++;
            try {
                BuildStatus atKill = engine.records().get(s.id()).getStatus();
                assertTrue(atKill == during || atKill == after, atKill.id());
                boolean mid = atKill == during;
                t.midPhase += mid ? 1 : 0;
                t.orphans += Orphans.of(owner).size();
                phase.afterKill(s, owner, tmp, mid, t);
                t.recovered++;
            } catch (AssertionError | RuntimeException e) {
                t.failures.add("kill " + t.kills + " (build " + s.id() + "): " + e);
                phase.failed();
            }
        }
        t.print();
        assertEquals(List.of(), t.failures);
        assertEquals(KILLS, t.kills, "enough kills landed while the process was running");
    }

    /** Recovery after a kill fails the record the dead process owned, and only it; or leaves a finished one. */
    private static void assertRecovered(Engine engine, String id, boolean mid, String phase, ProcessOwner owner,
            BuildStatus finished, String... says) {
        List<BuildRecord> recovered = engine.recoverInterrupted();
        BuildRecord r = engine.records().get(id);
        if (!mid) {
            assertEquals(finished, r.getStatus());
            return;
        }
        assertEquals(List.of(id), recovered.stream().map(BuildRecord::getId).toList());
        assertEquals(BuildStatus.FAILED, r.getStatus());
        assertEquals(phase, r.getFailedPhase());
        assertEquals(Boolean.TRUE, r.getInterrupted());
        assertTrue(r.getError().contains("(pid " + owner.pid() + ")"), r.getError());
        for (String s : says) {
            assertTrue(r.getError().contains(s), r.getError());
        }
        assertEquals(null, r.getOwner());
    }

    @Test
    void killNineDuringPublish() throws Exception {
        Random random = new Random(SEED ^ 0x5eed1);
        Path home = FlatpakTestEnv.tempDir("kill-publish");
        Engine engine = new Engine(EngineConfig.inHome(home, FlatpakTestEnv.runner()));
        Path repo = FlatpakTestEnv.tempDir("kill-publish-repo").resolve("stable");
        Path backup = repo.resolveSibling("." + repo.getFileName() + ".summary-backup");
        byte[] armored = KeyGenerator.generateArmoredSecretKey("Kill Loop <kill@example.org>", null);
        Path keyFile = home.resolve("key.asc");
        Files.write(keyFile, armored);
        byte[] publicKey;
        try (SigningKey key = SigningKey.parse(armored, null)) {
            publicKey = key.publicKeyBinary();
        }
        String app = "org.example.faults.Killed";
        String ref = "app/" + app + "/" + FlatpakTestEnv.arch() + "/stable";
        String[] publishArgs = {"--repo", repo.toString(), "--gpg-key", keyFile.toString()};

        String first = DerivedApps.commit(engine, DerivedApps.export(app, "stable", app + " version 0"));
        long phaseMillis = measure(home, "publish", first, "] publishing " + first + " into", publishArgs);
        Set<String> published = new HashSet<>(List.of(app + " version 0"));
        Map<String, String> says = new HashMap<>(); // build id to what its app says: "<app> version <n>"
        loop("publish", random, phaseMillis, KILLS * 3, engine, BuildStatus.PUBLISHING, BuildStatus.PUBLISHED,
                new Phase() {
            @Override
            public Started start(int version, Path tmp) throws Exception {
                String id = DerivedApps.commit(engine, DerivedApps.export(app, "stable", app + " version " + version));
                says.put(id, app + " version " + version);
                RunnerProcess p = RunnerProcess.start(home, tmp, concat(new String[] {"publish", id}, publishArgs));
                assertTrue(p.awaitErr("] publishing " + id + " into", PHASE_START), p.err());
                return new Started(p, id);
            }

            @Override
            public void finished(Started s) {
                published.add(says.get(s.id()));
            }

            @Override
            public void afterKill(Started s, ProcessOwner owner, Path tmp, boolean mid, Tally t) throws Exception {
                String id = s.id();
                takeOver(lockFileOf(repo), owner, t);
                t.summariesPutBack += mid && Files.isDirectory(backup) ? 1 : 0;
                assertRecovered(engine, id, mid, "publish", owner, BuildStatus.PUBLISHED,
                        "interrupted while publishing", "publish it again");
                assertNothingLeft(owner, tmp);
                assertEquals(List.of(), RepoCheck.fsck(repo), "fsck right after the kill");
                RepoCheck crashed = RepoCheck.of(repo, publicKey);
                assertTrue(crashed.summarySigned && crashed.indexVerified,
                        "right after the kill and recovery, the summary and its index verify: " + crashed);
                assertFalse(Files.exists(backup), "recovery put the previous summary back and removed the backup");
                t.staleUntilRetry += crashed.consistent() ? 0 : 1;
                if (mid) {
                    RunnerProcess retry = RunnerProcess.start(home, shortTmp(),
                            concat(new String[] {"publish", id}, publishArgs));
                    assertEquals(0, retry.waitFor(RUN), retry.err());
                    assertEquals(id + " published", retry.lastLine());
                }
                published.add(says.get(id));
                RepoCheck check = RepoCheck.of(repo, publicKey);
                assertTrue(check.consistent(), check.toString());
                List<String> history = RepoCheck.history(repo, ref);
                List<String> versions = RepoCheck.subjects(repo, ref).stream()
                        .map(subject -> subject.substring(subject.indexOf(": ") + 2)).toList();
                assertEquals(new HashSet<>(versions).size(), versions.size(), "no version has two commits: " + versions);
                assertEquals(published, new HashSet<>(versions), "every published version has its commit");
                assertEquals(says.get(id), versions.get(0), "the newest commit is the last publish");
                BuildRecord done = engine.records().get(id);
                assertEquals(BuildStatus.PUBLISHED, done.getStatus());
                assertEquals(history.get(0), done.getPublished().get(ref));
                assertEquals(history.get(0), check.summary.get(ref), "the signed summary lists the newest commit");
                assertTrue(RepoCheck.cat(repo, history.get(0), "/files/bin/" + DerivedApps.COMMAND)
                        .contains(says.get(id) + "'"));
            }

            @Override
            public void failed() {
                // Compare the next kills with what the repository holds, so one failure is reported once.
                published.clear();
                RepoCheck.subjects(repo, ref).forEach(s -> published.add(s.substring(s.indexOf(": ") + 2)));
            }
        });
    }

    @Test
    void killNineDuringBuild() throws Exception {
        Random random = new Random(SEED ^ 0xb0b);
        Path home = FlatpakTestEnv.tempDir("kill-build");
        Engine engine = new Engine(EngineConfig.inHome(home, FlatpakTestEnv.runner()));
        Path buildRepo = home.resolve("build-repo");
        Path manifest = FlatpakTestEnv.sampleCopy("hello-yaml").resolve("org.example.Hello.yml");
        String original = Files.readString(manifest);
        Path stateDir = new FlatpakBuilder(FlatpakTestEnv.runner(), home.resolve("work"))
                .stateDir("org.example.Hello", FlatpakTestEnv.arch(), "stable");
        Pattern started = Pattern.compile("\\[flatpak\\] build (\\S+) started");
        String[] buildArgs = {"build", "--manifest", manifest.toString(), "--build-repo", buildRepo.toString(),
            "--branch", "stable"};

        // Each build changes the module's commands, so flatpak-builder really builds it (no cache hit).
        Files.writeString(manifest, variant(original, 0));
        long phaseMillis = measure(home, "build", null, "] waiting for state dir", buildArgs);
        int[] showChecked = {0};
        loop("build", random, phaseMillis, KILLS * 3, engine, BuildStatus.BUILDING, BuildStatus.BUILT, new Phase() {
            @Override
            public Started start(int i, Path tmp) throws Exception {
                Files.writeString(manifest, variant(original, i));
                RunnerProcess p = RunnerProcess.start(home, tmp, buildArgs);
                String id = p.awaitErr(started, PHASE_START);
                assertNotNull(id, p.err());
                assertTrue(p.awaitErr("] waiting for state dir", PHASE_START), p.err());
                return new Started(p, id);
            }

            @Override
            public void afterKill(Started s, ProcessOwner owner, Path tmp, boolean mid, Tally t) throws Exception {
                String id = s.id();
                takeOver(stateDir.resolve(".pipeline.lock"), owner, t); // FlatpakBuilder's state dir lock
                takeOver(lockFileOf(buildRepo), owner, t);
                assertRecovered(engine, id, mid, "build", owner, BuildStatus.BUILT, "interrupted while building",
                        "start a new build");
                if (mid) {
                    assertFalse(Files.exists(home.resolve("work").resolve("builds").resolve(id)),
                            "the interrupted build's directory is removed");
                    if (showChecked[0]++ == 0) {
                        RunnerProcess show = RunnerProcess.start(home, shortTmp(), "show", id);
                        assertEquals(0, show.waitFor(RUN), show.err());
                        assertTrue(show.out().contains("status:        failed") && show.out().contains(
                                "error:         interrupted while building: the process doing it (pid " + owner.pid()
                                + ") is gone; start a new build"), show.out());
                    }
                }
                assertNothingLeft(owner, tmp);
                assertNoProcessMentioning(stateDir.toString());
                if (Files.isDirectory(buildRepo.resolve("objects"))) {
                    assertEquals(List.of(), RepoCheck.fsck(buildRepo), "build-repo fsck");
                }
                RunnerProcess next = RunnerProcess.start(home, shortTmp(), buildArgs);
                assertEquals(0, next.waitFor(RUN), next.err());
                if (next.err().contains("cache repository is broken")) {
                    t.cachesDropped++;
                }
                if (Files.isDirectory(stateDir.resolve("cache").resolve("objects"))) {
                    assertEquals(List.of(), RepoCheck.fsck(stateDir.resolve("cache")), "build cache fsck");
                }
                BuildRecord committed = engine.commit(next.lastLine(), line -> { }, Cancellation.none());
                assertEquals(BuildStatus.COMMITTED, committed.getStatus());
            }
        });
    }

    @Test
    void killNineDuringCommit() throws Exception {
        Random random = new Random(SEED ^ 0xc0);
        Path home = FlatpakTestEnv.tempDir("kill-commit");
        Engine engine = new Engine(EngineConfig.inHome(home, FlatpakTestEnv.runner()));
        String app = "org.example.faults.Validated";
        DerivedApps.Export export = DerivedApps.export(app, "stable", app + " builds");
        long phaseMillis = measureUntil(home, "commit", null, "] validating", " committed", "commit",
                DerivedApps.built(engine, export));
        loop("commit", random, phaseMillis, KILLS * 5, engine, BuildStatus.COMMITTING, BuildStatus.COMMITTED,
                new Phase() {
            @Override
            public Started start(int i, Path tmp) throws Exception {
                String id = DerivedApps.built(engine, export);
                RunnerProcess p = RunnerProcess.start(home, tmp, "commit", id);
                assertTrue(p.awaitErr("] validating", PHASE_START), p.err());
                return new Started(p, id);
            }

            @Override
            public void afterKill(Started s, ProcessOwner owner, Path tmp, boolean mid, Tally t) throws Exception {
                assertRecovered(engine, s.id(), mid, "commit", owner, BuildStatus.COMMITTED,
                        "interrupted while committing", "commit it again");
                assertNothingLeft(owner, tmp);
                if (mid) {
                    RunnerProcess retry = RunnerProcess.start(home, shortTmp(), "commit", s.id());
                    assertEquals(0, retry.waitFor(RUN), retry.err());
                    assertEquals(s.id() + " committed", retry.lastLine());
                }
                assertEquals(BuildStatus.COMMITTED, engine.records().get(s.id()).getStatus());
            }
        });
    }

    /**
     * Runs one uninterrupted command and returns how long it took from the line {@code marker} to its exit, in
     * milliseconds: the window the kills are spread over.
     */
    private static long measure(Path home, String what, String id, String marker, String... args) throws Exception {
        return measureUntil(home, what, id, marker, null, args);
    }

    /** As above, up to the line {@code endMarker} instead of the exit, for a phase much shorter than the JVM's exit. */
    private static long measureUntil(Path home, String what, String id, String marker, String endMarker, String... args)
            throws Exception {
        String[] argv = id == null ? args : concat(new String[] {what, id}, args);
        RunnerProcess p = RunnerProcess.start(home, shortTmp(), argv);
        assertTrue(p.awaitErr(marker, PHASE_START), p.err());
        long t0 = System.nanoTime();
        if (endMarker != null) {
            assertTrue(p.awaitErr(endMarker, RUN), p.err());
        }
        long millis = Math.max(50, (System.nanoTime() - t0) / 1_000_000);
        assertEquals(0, p.waitFor(RUN), p.err());
        System.out.printf("kill loop (%s): an uninterrupted %s takes %d ms after '%s'%s%n", what, what, millis,
                marker.trim(), endMarker == null ? "" : " until '" + endMarker.trim() + "'");
        return millis;
    }

    /**
     * The lock is free at once (the kernel released it), and when the dead process held it, the next holder
     * recognises that and stopped what it left running before returning.
     */
    private static void takeOver(Path lockFile, ProcessOwner dead, Tally t) throws Exception {
        if (!Files.exists(lockFile)) {
            return;
        }
        // A PathLock belongs to the thread that took it: take it, and give it back, in one thread.
        CompletableFuture<ProcessOwner> f = new CompletableFuture<>();
        Thread taker = new Thread(() -> {
            try (PathLock lock = PathLock.acquire(lockFile)) {
                f.complete(lock.takenOverFrom());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        }, "take over " + lockFile.getFileName());
        taker.setDaemon(true);
        taker.start();
        ProcessOwner previous;
        try {
            previous = f.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            StringBuilder stack = new StringBuilder();
            for (StackTraceElement el : taker.getStackTrace()) {
                stack.append("\n    at ").append(el);
            }
            throw new AssertionError("the lock " + lockFile + " of dead " + dead + " was not free after 60 s:" + stack);
        }
        taker.join(10_000);
        if (previous != null) {
            assertTrue(previous.sameProcess(dead), previous + " vs " + dead);
            t.locksTakenOver++;
        }
        assertEquals(0, Files.size(lockFile), "a released lock names no holder");
    }

    /** The writer lock of a repository (see {@code OstreeRepo#lock}). */
    private static Path lockFileOf(Path repo) {
        return repo.resolveSibling("." + repo.getFileName() + ".lock");
    }

    /**
     * No tool or gpg-agent of the dead process runs, and no GnuPG home is left: every home is named after its
     * owner ({@code Orphans.gpgHomePrefix}), so one left when the kill landed after its agent stopped and before
     * the directory was deleted is removed by the sweep of a dead owner's homes.
     */
    private static void assertNothingLeft(ProcessOwner dead, Path tmp) throws IOException, InterruptedException {
        assertEquals(List.of(), Orphans.of(dead).stream().map(ProcessHandle::pid).toList(), "processes of " + dead);
        assertNoProcessMentioning(tmp.toString());
        // The runner's java.io.tmpdir is private to it here: the next process with that tmpdir sweeps it so.
        Orphans.removeGpgHomesOfDeadOwners(tmp);
        try (Stream<Path> left = Files.list(tmp)) {
            List<Path> homes = left.filter(p -> p.getFileName().toString().startsWith("flatpak-gpg-")).toList();
            assertEquals(List.of(), homes, "GnuPG homes left by " + dead);
        }
    }

    private static void assertNoProcessMentioning(String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> found = mentioning(text);
        while (!found.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            found = mentioning(text);
        }
        assertEquals(List.of(), found, "processes mentioning " + text);
    }

    private static List<String> mentioning(String text) {
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                .filter(c -> c.contains(text)).toList();
    }

    private static ProcessOwner ownerOf(RunnerProcess p) {
        Long start = p.process.toHandle().info().startInstant().map(Instant::toEpochMilli).orElse(null);
        return new ProcessOwner(p.pid(), ProcessOwner.current().host(), start);
    }

    /** A new directory directly in /tmp (GnuPG's socket paths must stay short); removed after the class if empty. */
    static Path shortTmp() throws IOException {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "fk-");
        TMP_DIRS.add(dir);
        return dir;
    }

    @AfterAll
    static void removeEmptyTmpDirs() {
        for (Path dir : TMP_DIRS) {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException ignored) {
                // not empty: kept for inspection
            }
        }
    }

    private static String variant(String manifest, int i) {
        return manifest.stripTrailing() + "\n      - echo 'kill loop build " + i + "'\n";
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
