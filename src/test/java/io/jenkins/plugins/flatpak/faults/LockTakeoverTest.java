package io.jenkins.plugins.flatpak.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.Engine;
import io.jenkins.plugins.flatpak.engine.EngineConfig;
import io.jenkins.plugins.flatpak.engine.build.BuildSpec;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.lock.Orphans;
import io.jenkins.plugins.flatpak.engine.lock.PathLock;
import io.jenkins.plugins.flatpak.engine.lock.ProcessOwner;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.engine.record.IllegalTransitionException;
import io.jenkins.plugins.flatpak.engine.record.RecordStore;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Locks and records whose owner process died: the lock is free at once and its next holder stops what the
 * dead owner left running (tools, gpg-agent) and removes the GnuPG home that agent served; a live owner keeps
 * its lock and its tools; recovery tells a dead owner from a live process that got the same pid; and an
 * interrupted commit may be retried while a commit that failed validation may not.
 */
class LockTakeoverTest {
    private static final Duration START = Duration.ofMinutes(2);

    @Test
    void aLockWhoseHolderWasKilledIsTakenOverAndWhatItLeftRunningIsStopped() throws Exception {
        Path lockFile = FlatpakTestEnv.tempDir("lock-takeover").resolve(".repo.lock");
        Path gpgHome = Files.createTempDirectory(Path.of("/tmp"), "flatpak-gpg-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path tmp = KillLoopTest.shortTmp();
        RunnerProcess holder = RunnerProcess.startMain(LockHolderMain.class, tmp, lockFile.toString(),
                gpgHome.toString());
        assertTrue(holder.awaitOut("held ", START), holder.err());
        ProcessOwner owner = ownerOf(holder);
        assertEquals(Files.readString(lockFile).trim(), owner.token(), "the lock file names its holder");
        awaitTools(owner, 2);

        holder.kill9();
        assertTrue(owner.isGone());
        assertEquals(Set.of("sleep", "gpg-agent"), names(Orphans.of(owner)), "its tools outlive the killed owner");

        ProcessOwner takenOver;
        List<String> reaped;
        try (PathLock lock = PathLock.acquire(lockFile)) {
            takenOver = lock.takenOverFrom();
            reaped = lock.reaped();
        }
        assertTrue(owner.sameProcess(takenOver), String.valueOf(takenOver));
        String said = String.join("\n", reaped);
        assertTrue(said.contains("stopped sleep") && said.contains("stopped gpg-agent")
                && said.contains("removed the GnuPG home " + gpgHome), said);
        assertEquals(List.of(), Orphans.of(owner), "nothing of the dead owner runs");
        assertFalse(Files.exists(gpgHome), "the GnuPG home its agent served is gone");
        assertEquals(0, Files.size(lockFile), "a released lock names no holder");
        try (PathLock lock = PathLock.acquire(lockFile)) {
            assertNull(lock.takenOverFrom(), "after a clean release there is nothing to take over");
        }
        System.out.println("lock takeover: " + reaped);
    }

    @Test
    void aLiveHolderKeepsItsLockAndItsTools() throws Exception {
        Path lockFile = FlatpakTestEnv.tempDir("lock-live").resolve(".repo.lock");
        RunnerProcess holder = RunnerProcess.startMain(LockHolderMain.class, KillLoopTest.shortTmp(),
                lockFile.toString());
        assertTrue(holder.awaitOut("held ", START), holder.err());
        ProcessOwner owner = ownerOf(holder);
        awaitTools(owner, 1);
        CompletableFuture<ProcessOwner> taken = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try (PathLock lock = PathLock.acquire(lockFile)) {
                taken.complete(lock.takenOverFrom());
            } catch (RuntimeException e) {
                taken.completeExceptionally(e);
            }
        });
        waiter.setDaemon(true);
        waiter.start();
        Thread.sleep(1500);
        assertFalse(taken.isDone(), "the lock of a live process is not taken");
        assertEquals(List.of(), Orphans.reap(owner), "a live owner's tools are never stopped");
        assertEquals(Set.of("sleep"), names(Orphans.of(owner)));

        holder.kill9();
        ProcessOwner previous = taken.get(60, TimeUnit.SECONDS);
        assertTrue(owner.sameProcess(previous), String.valueOf(previous));
        waiter.join(10_000);
        assertEquals(List.of(), Orphans.of(owner));
    }

    @Test
    void recoveryTellsADeadOwnerFromALiveProcessWithTheSamePid() throws Exception {
        Engine engine = new Engine(EngineConfig.inHome(FlatpakTestEnv.tempDir("pid-reuse"), new ToolRunner()));
        Process sleeper = new ProcessBuilder("sleep", "120").start();
        try {
            long started = sleeper.toHandle().info().startInstant().orElseThrow().toEpochMilli();
            String pidAtHost = sleeper.pid() + "@" + ProcessOwner.current().host();
            Process exited = new ProcessBuilder("true").start();
            exited.waitFor();
            String reused = building(engine, pidAtHost, started - Duration.ofHours(1).toMillis());
            String live = building(engine, pidAtHost, started);
            String oldRecord = building(engine, pidAtHost, null);
            String dead = building(engine, exited.pid() + "@" + ProcessOwner.current().host(), null);
            String elsewhere = building(engine, exited.pid() + "@another-host.example", null);
            // Recorded by Engine.build, which names its owner from the start, but not begun when the owner died.
            String created = engine.createBuild(BuildSpec.fromDirectory("/nonexistent", "org.example.A.yml")).getId();
            engine.records().update(created, r -> r.setOwner(exited.pid() + "@" + ProcessOwner.current().host()));
            String unowned = engine.createBuild(BuildSpec.fromDirectory("/nonexistent", "org.example.A.yml")).getId();

            Set<String> recovered = engine.recoverInterrupted().stream().map(BuildRecord::getId)
                    .collect(Collectors.toSet());
            assertEquals(Set.of(reused, dead, created), recovered);
            assertTrue(engine.records().get(created).getError().startsWith("interrupted before its build started"),
                    engine.records().get(created).getError());
            assertEquals(BuildStatus.CREATED, engine.records().get(unowned).getStatus(),
                    "a build created by the Jenkins layer (no owner until it begins) is left alone");
            BuildRecord r = engine.records().get(reused);
            assertEquals(BuildStatus.FAILED, r.getStatus());
            assertTrue(r.getError().startsWith("interrupted while building: the process doing it (pid "
                    + sleeper.pid() + ") is gone; start a new build"), r.getError());
            for (String id : List.of(live, oldRecord, elsewhere)) {
                assertEquals(BuildStatus.BUILDING, engine.records().get(id).getStatus(), id);
            }
            assertTrue(sleeper.isAlive(), "recovery never touches a live process");
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void anInterruptedCommitMayBeRetriedAFailedValidationMayNot() {
        Engine engine = new Engine(EngineConfig.inHome(FlatpakTestEnv.tempDir("commit-retry"), new ToolRunner()));
        RecordStore store = engine.records();
        String interrupted = committing(engine);
        store.transition(interrupted, BuildStatus.FAILED, r -> {
            r.setError("interrupted while committing");
            r.setInterrupted(Boolean.TRUE);
        });
        BuildRecord retried = store.transition(interrupted, BuildStatus.COMMITTING, null);
        assertEquals(null, retried.getError());
        assertEquals(null, retried.getInterrupted());
        assertEquals(null, retried.getFailedPhase());

        String invalid = committing(engine);
        store.transition(invalid, BuildStatus.FAILED, r -> r.setError("build failed validation"));
        IllegalTransitionException e = assertThrows(IllegalTransitionException.class,
                () -> engine.commit(invalid, line -> { }, Cancellation.none()));
        assertTrue(e.getMessage().contains("start a new build"), e.getMessage());
        assertEquals(BuildStatus.FAILED, store.get(invalid).getStatus());
    }

    @Test
    void ownerTokens() {
        ProcessOwner self = ProcessOwner.current();
        assertEquals(self, ProcessOwner.parse(self.token()));
        assertEquals(new ProcessOwner(12, "h.example", null), ProcessOwner.parse("12@h.example"));
        assertEquals(new ProcessOwner(12, "h", 34L), ProcessOwner.parse("12@h@34"));
        for (String bad : new String[] {null, "", "@h", "x@h", "12@", "-1@h", "12"}) {
            assertNull(ProcessOwner.parse(bad), bad);
        }
        assertFalse(self.isGone());
        assertTrue(new ProcessOwner(self.pid(), self.host(), self.startMillis() - 60_000).isGone(),
                "this pid, but another start time: a process that is gone");
        assertFalse(new ProcessOwner(1, "another-host.example", null).isGone(), "unknowable on another host");
        assertEquals(Map.of(Orphans.ENV, self.token()), Orphans.tag(self));
    }

    private static String building(Engine engine, String owner, Long started) {
        String id = engine.createBuild(BuildSpec.fromDirectory("/nonexistent", "org.example.A.yml")).getId();
        engine.records().transition(id, BuildStatus.BUILDING, r -> {
            r.setOwner(owner);
            r.setOwnerStarted(started);
        });
        return id;
    }

    private static String committing(Engine engine) {
        RecordStore store = engine.records();
        String id = engine.createBuild(BuildSpec.fromDirectory("/nonexistent", "org.example.A.yml")).getId();
        store.transition(id, BuildStatus.BUILDING, null);
        store.transition(id, BuildStatus.BUILT, null);
        store.transition(id, BuildStatus.COMMITTING, null);
        return id;
    }

    private static ProcessOwner ownerOf(RunnerProcess holder) {
        String line = holder.out().lines().filter(l -> l.startsWith("held ")).findFirst().orElseThrow();
        ProcessOwner owner = ProcessOwner.parse(line.split(" ")[1]);
        assertEquals(holder.pid(), owner.pid());
        return owner;
    }

    private static void awaitTools(ProcessOwner owner, int count) throws InterruptedException {
        long deadline = System.nanoTime() + START.toNanos();
        while (Orphans.of(owner).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(count, Orphans.of(owner).size(), names(Orphans.of(owner)).toString());
    }

    private static Set<String> names(List<ProcessHandle> processes) {
        return processes.stream().map(p -> p.info().command().orElse("?"))
                .map(c -> c.substring(c.lastIndexOf('/') + 1)).collect(Collectors.toSet());
    }
}
