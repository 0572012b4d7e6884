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
import java.util.HashSet;
import java.util.List;
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
        int unsignedUntilRetry;
        int gpgHomesLeft;
        final List<String> failures = new ArrayList<>();

        Tally(String phase) {
            this.phase = phase;
        }

        void print() {
            System.out.printf("kill loop (%s): %d kills, %d recovered, %d failures; %d killed mid-%s, %d finished "
                    + "before the kill; %d orphaned tools found running and stopped; %d locks taken over from the dead "
                    + "process%s; %d GnuPG homes left with no process naming them (gap, see GpgHomeLeftoverGapTest); "
                    + "seed %d%n", phase, kills, recovered, failures.size(), midPhase, phase, finishedBeforeKill,
                    orphans, locksTakenOver, phase.equals("publish") ? "; until the retried publish, " + staleUntilRetry
                    + " left the signed summary listing an older commit and " + unsignedUntilRetry
                    + " left a summary or index that does not verify" : "", gpgHomesLeft, SEED);
            failures.forEach(f -> System.out.println("  failure: " + f));
        }
    }

    @Test
    void killNineDuringPublish() throws Exception {
        Random random = new Random(SEED ^ 0x5eed1);
        Path home = FlatpakTestEnv.tempDir("kill-publish");
        Engine engine = new Engine(EngineConfig.inHome(home, FlatpakTestEnv.runner()));
        Path repo = FlatpakTestEnv.tempDir("kill-publish-repo").resolve("stable");
        byte[] armored = KeyGenerator.generateArmoredSecretKey("Kill Loop <kill@example.org>", null);
        Path keyFile = home.resolve("key.asc");
        Files.write(keyFile, armored);
        byte[] publicKey;
        try (SigningKey key = SigningKey.parse(armored, null)) {
            publicKey = key.publicKeyBinary();
        }
        String app = "org.example.faults.Killed";
        String ref = "app/" + app + "/" + FlatpakTestEnv.arch() + "/stable";
        Supplier<String[]> publishArgs = () -> new String[] {"--repo", repo.toString(), "--gpg-key", keyFile.toString()};

        String first = DerivedApps.commit(engine, DerivedApps.export(app, "stable", app + " version 0"));
        long phase = measure(home, "publish", first, "] publishing " + first + " into", publishArgs.get());
        Set<String> published = new HashSet<>(List.of(app + " version 0"));
        Tally t = new Tally("publish");
        for (int version = 1, attempts = 0; t.kills < KILLS && attempts < KILLS * 3; version++, attempts++) {
            String id = DerivedApps.commit(engine, DerivedApps.export(app, "stable", app + " version " + version));
            Path tmp = shortTmp();
            RunnerProcess p = RunnerProcess.start(home, tmp, concat(new String[] {"publish", id}, publishArgs.get()));
            assertTrue(p.awaitErr("] publishing " + id + " into", PHASE_START), p.err());
            ProcessOwner owner = ownerOf(p);
            Thread.sleep((long) (random.nextDouble() * phase));
            if (!p.process.isAlive()) {
                t.finishedBeforeKill++;
                assertEquals(0, p.waitFor(RUN), p.err());
                published.add(app + " version " + version);
                continue;
            }
            p.kill9();
            t.kills++;
            try {
                BuildRecord atKill = engine.records().get(id);
                assertTrue(atKill.getStatus() == BuildStatus.PUBLISHING || atKill.getStatus() == BuildStatus.PUBLISHED,
                        atKill.getStatus().id());
                boolean mid = atKill.getStatus() == BuildStatus.PUBLISHING;
                t.midPhase += mid ? 1 : 0;
                t.orphans += Orphans.of(owner).size();
                takeOver(lockFileOf(repo), owner, t);
                List<BuildRecord> recovered = engine.recoverInterrupted();
                BuildRecord after = engine.records().get(id);
                if (mid) {
                    assertEquals(List.of(id), recovered.stream().map(BuildRecord::getId).toList());
                    assertInterrupted(after, "publish", owner, "interrupted while publishing", "publish it again");
                } else {
                    assertEquals(BuildStatus.PUBLISHED, after.getStatus());
                }
                assertNothingLeft(owner, tmp, t);
                assertEquals(List.of(), RepoCheck.fsck(repo), "fsck right after the kill");
                RepoCheck crashed = RepoCheck.of(repo, publicKey);
                if (!crashed.summarySigned || !crashed.indexVerified) {
                    t.unsignedUntilRetry++;
                } else if (!crashed.consistent()) {
                    t.staleUntilRetry++;
                }
                if (!crashed.consistent()) {
                    for (String problem : crashed.problems) {
                        String line = problem.lines().findFirst().orElse("");
                        System.out.println("kill loop (publish): after kill " + t.kills + ", before the retry: "
                                + line.substring(0, Math.min(line.length(), 300)));
                    }
                }
                if (mid) {
                    RunnerProcess retry = RunnerProcess.start(home, shortTmp(),
                            concat(new String[] {"publish", id}, publishArgs.get()));
                    assertEquals(0, retry.waitFor(RUN), retry.err());
                    assertEquals(id + " published", retry.lastLine());
                }
                published.add(app + " version " + version);
                RepoCheck check = RepoCheck.of(repo, publicKey);
                assertTrue(check.consistent(), check.toString());
                List<String> history = RepoCheck.history(repo, ref);
                List<String> versions = RepoCheck.subjects(repo, ref).stream()
                        .map(subject -> subject.substring(subject.indexOf(": ") + 2)).toList();
                assertEquals(new HashSet<>(versions).size(), versions.size(), "no version has two commits: " + versions);
                assertEquals(published, new HashSet<>(versions), "every published version has its commit");
                assertEquals(app + " version " + version, versions.get(0), "the newest commit is the last publish");
                BuildRecord done = engine.records().get(id);
                assertEquals(BuildStatus.PUBLISHED, done.getStatus());
                assertEquals(history.get(0), done.getPublished().get(ref));
                assertEquals(history.get(0), check.summary.get(ref), "the signed summary lists the newest commit");
                assertTrue(RepoCheck.cat(repo, history.get(0), "/files/bin/" + DerivedApps.COMMAND)
                        .contains("version " + version + "'"));
                t.recovered++;
            } catch (AssertionError | RuntimeException e) {
                t.failures.add("kill " + t.kills + " (build " + id + "): " + e);
                // Compare the next kills with what the repository holds, so one failure is reported once.
                published.clear();
                RepoCheck.subjects(repo, ref).forEach(s -> published.add(s.substring(s.indexOf(": ") + 2)));
            }
        }
        t.print();
        assertEquals(List.of(), t.failures);
        assertEquals(KILLS, t.kills, "enough kills landed while the process was running");
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
        long phase = measure(home, "build", null, "] waiting for state dir", buildArgs);
        Tally t = new Tally("build");
        for (int i = 1, attempts = 0; t.kills < KILLS && attempts < KILLS * 3; i++, attempts++) {
            Files.writeString(manifest, variant(original, i));
            Path tmp = shortTmp();
            RunnerProcess p = RunnerProcess.start(home, tmp, buildArgs);
            String id = p.awaitErr(started, PHASE_START);
            assertNotNull(id, p.err());
            assertTrue(p.awaitErr("] waiting for state dir", PHASE_START), p.err());
            ProcessOwner owner = ownerOf(p);
            Thread.sleep((long) (random.nextDouble() * phase));
            if (!p.process.isAlive()) {
                t.finishedBeforeKill++;
                assertEquals(0, p.waitFor(RUN), p.err());
                continue;
            }
            p.kill9();
            t.kills++;
            try {
                BuildRecord atKill = engine.records().get(id);
                assertTrue(atKill.getStatus() == BuildStatus.BUILDING || atKill.getStatus() == BuildStatus.BUILT,
                        atKill.getStatus().id());
                boolean mid = atKill.getStatus() == BuildStatus.BUILDING;
                t.midPhase += mid ? 1 : 0;
                t.orphans += Orphans.of(owner).size();
                takeOver(stateDir.resolve(".pipeline.lock"), owner, t); // FlatpakBuilder's state dir lock
                takeOver(lockFileOf(buildRepo), owner, t);
                List<BuildRecord> recovered = engine.recoverInterrupted();
                BuildRecord after = engine.records().get(id);
                if (mid) {
                    assertEquals(List.of(id), recovered.stream().map(BuildRecord::getId).toList());
                    assertInterrupted(after, "build", owner, "interrupted while building", "start a new build");
                    assertFalse(Files.exists(home.resolve("work").resolve("builds").resolve(id)),
                            "the interrupted build's directory is removed");
                    if (t.midPhase == 1) {
                        RunnerProcess show = RunnerProcess.start(home, shortTmp(), "show", id);
                        assertEquals(0, show.waitFor(RUN), show.err());
                        assertTrue(show.out().contains("status:        failed") && show.out().contains(
                                "error:         interrupted while building: the process doing it (pid " + owner.pid()
                                + ") is gone; start a new build"), show.out());
                    }
                } else {
                    assertEquals(BuildStatus.BUILT, after.getStatus());
                }
                assertNothingLeft(owner, tmp, t);
                assertNoProcessMentioning(stateDir.toString());
                if (Files.isDirectory(buildRepo.resolve("objects"))) {
                    assertEquals(List.of(), RepoCheck.fsck(buildRepo), "build-repo fsck");
                }
                if (Files.isDirectory(stateDir.resolve("cache").resolve("objects"))) {
                    assertEquals(List.of(), RepoCheck.fsck(stateDir.resolve("cache")), "build cache fsck");
                }
                RunnerProcess next = RunnerProcess.start(home, shortTmp(), buildArgs);
                assertEquals(0, next.waitFor(RUN), next.err());
                String nextId = next.lastLine();
                BuildRecord committed = engine.commit(nextId, line -> { }, Cancellation.none());
                assertEquals(BuildStatus.COMMITTED, committed.getStatus());
                t.recovered++;
            } catch (AssertionError | RuntimeException e) {
                t.failures.add("kill " + t.kills + " (build " + id + "): " + e);
            }
        }
        t.print();
        assertEquals(List.of(), t.failures);
        assertEquals(KILLS, t.kills, "enough kills landed while the process was running");
    }

    @Test
    void killNineDuringCommit() throws Exception {
        Random random = new Random(SEED ^ 0xc0);
        Path home = FlatpakTestEnv.tempDir("kill-commit");
        Engine engine = new Engine(EngineConfig.inHome(home, FlatpakTestEnv.runner()));
        String app = "org.example.faults.Validated";
        DerivedApps.Export export = DerivedApps.export(app, "stable", app + " builds");
        long phase = measure(home, "commit", null, "] validating", "commit", DerivedApps.built(engine, export));
        Tally t = new Tally("commit");
        for (int attempts = 0; t.kills < KILLS && attempts < KILLS * 5; attempts++) {
            String id = DerivedApps.built(engine, export);
            Path tmp = shortTmp();
            RunnerProcess p = RunnerProcess.start(home, tmp, "commit", id);
            assertTrue(p.awaitErr("] validating", PHASE_START), p.err());
            ProcessOwner owner = ownerOf(p);
            Thread.sleep((long) (random.nextDouble() * phase));
            if (!p.process.isAlive()) {
                t.finishedBeforeKill++;
                assertEquals(0, p.waitFor(RUN), p.err());
                continue;
            }
            p.kill9();
            t.kills++;
            try {
                BuildRecord atKill = engine.records().get(id);
                assertTrue(atKill.getStatus() == BuildStatus.COMMITTING || atKill.getStatus() == BuildStatus.COMMITTED,
                        atKill.getStatus().id());
                boolean mid = atKill.getStatus() == BuildStatus.COMMITTING;
                t.midPhase += mid ? 1 : 0;
                t.orphans += Orphans.of(owner).size();
                List<BuildRecord> recovered = engine.recoverInterrupted();
                BuildRecord after = engine.records().get(id);
                if (mid) {
                    assertEquals(List.of(id), recovered.stream().map(BuildRecord::getId).toList());
                    assertInterrupted(after, "commit", owner, "interrupted while committing", "commit it again");
                } else {
                    assertEquals(BuildStatus.COMMITTED, after.getStatus());
                }
                assertNothingLeft(owner, tmp, t);
                if (mid) {
                    RunnerProcess retry = RunnerProcess.start(home, shortTmp(), "commit", id);
                    assertEquals(0, retry.waitFor(RUN), retry.err());
                    assertEquals(id + " committed", retry.lastLine());
                }
                assertEquals(BuildStatus.COMMITTED, engine.records().get(id).getStatus());
                t.recovered++;
            } catch (AssertionError | RuntimeException e) {
                t.failures.add("kill " + t.kills + " (build " + id + "): " + e);
            }
        }
        t.print();
        assertEquals(List.of(), t.failures);
        assertEquals(KILLS, t.kills, "enough kills landed while the process was running");
    }

    /**
     * Runs one uninterrupted command and returns how long it took from the line {@code marker} to its exit,
     * in milliseconds: the window the kills are spread over.
     */
    private static long measure(Path home, String what, String id, String marker, String... args) throws Exception {
        String[] argv = id == null ? args : concat(new String[] {what, id}, args);
        RunnerProcess p = RunnerProcess.start(home, shortTmp(), argv);
        assertTrue(p.awaitErr(marker, PHASE_START), p.err());
        long t0 = System.nanoTime();
        assertEquals(0, p.waitFor(RUN), p.err());
        long millis = Math.max(50, (System.nanoTime() - t0) / 1_000_000);
        System.out.printf("kill loop (%s): an uninterrupted %s takes %d ms after '%s'%n", what, what, millis,
                marker.trim());
        return millis;
    }

    private static void assertInterrupted(BuildRecord r, String phase, ProcessOwner owner, String... says) {
        assertEquals(BuildStatus.FAILED, r.getStatus());
        assertEquals(phase, r.getFailedPhase());
        assertEquals(Boolean.TRUE, r.getInterrupted());
        assertTrue(r.getError().contains("(pid " + owner.pid() + ")"), r.getError());
        for (String s : says) {
            assertTrue(r.getError().contains(s), r.getError());
        }
        assertEquals(null, r.getOwner());
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
     * No tool or gpg-agent of the dead process runs, and no GnuPG home named after it ({@code Orphans.gpgHomePrefix})
     * is left. A home named otherwise (GpgHome names them {@code flatpak-gpg-<random>} today) can be left when the
     * kill lands after its agent stopped and before the directory was deleted: counted, and removed here.
     */
    private static void assertNothingLeft(ProcessOwner dead, Path tmp, Tally t) throws IOException, InterruptedException {
        assertEquals(List.of(), Orphans.of(dead).stream().map(ProcessHandle::pid).toList(), "processes of " + dead);
        assertNoProcessMentioning(tmp.toString());
        // The runner's java.io.tmpdir is private to it here; a recovering process whose tmpdir it is sweeps it so.
        Orphans.removeGpgHomesOfDeadOwners(tmp);
        try (Stream<Path> left = Files.list(tmp)) {
            for (Path p : left.toList()) {
                String name = p.getFileName().toString();
                assertFalse(name.startsWith("flatpak-gpg-" + dead.fileTag() + "-"), "a GnuPG home of " + dead + ": " + p);
                if (name.startsWith("flatpak-gpg-")) {
                    t.gpgHomesLeft++;
                    deleteTree(p);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
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
