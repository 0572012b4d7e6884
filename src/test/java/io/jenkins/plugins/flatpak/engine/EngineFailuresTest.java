package io.jenkins.plugins.flatpak.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.build.BuildSpec;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.CancelledException;
import io.jenkins.plugins.flatpak.engine.exec.ToolFailedException;
import io.jenkins.plugins.flatpak.engine.exec.ToolTimeoutException;
import io.jenkins.plugins.flatpak.engine.gpg.KeyGenerator;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import io.jenkins.plugins.flatpak.engine.publish.PublishTarget;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.engine.record.IllegalTransitionException;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every way a build can go wrong ends with the right status, a clear message and nothing left behind. */
class EngineFailuresTest {

    private static Path sampleWithModuleCommands(String marker, String... commands) throws IOException {
        Path dir = FlatpakTestEnv.sampleCopy("hello-yaml");
        StringBuilder yaml = new StringBuilder("app-id: org.example.Hello\n"
                + "runtime: io.jenkins.flatpak.test.Platform\nruntime-version: '1.0'\n"
                + "sdk: io.jenkins.flatpak.test.Sdk\ncommand: hello\nmodules:\n  - name: hello\n"
                + "    buildsystem: simple\n    build-commands:\n");
        yaml.append("      - echo ").append(marker).append('\n');
        for (String c : commands) {
            yaml.append("      - ").append(c).append('\n');
        }
        Files.writeString(dir.resolve("org.example.Hello.yml"), yaml);
        return dir;
    }

    private static BuildSpec spec(Path dir) {
        return BuildSpec.fromDirectory(dir.toString(), "org.example.Hello.yml");
    }

    @Test
    void invalidManifestFailsBeforeAnyToolRuns() throws IOException {
        Path dir = FlatpakTestEnv.sampleCopy("hello-yaml");
        Files.writeString(dir.resolve("org.example.Hello.yml"), "app-id: org.example.1Hello\nmodules: 5\n");
        Engine engine = EngineLifecycleTest.engine(FlatpakTestEnv.runner());
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> engine.build(spec(dir), FlatpakTestEnv.LOG, Cancellation.none()));
        assertTrue(e.getMessage().contains("org.example.1Hello"), e.getMessage());
        BuildRecord r = engine.records().list().get(0);
        assertEquals(BuildStatus.FAILED, r.getStatus());
        assertTrue(r.getError().contains("org.example.1Hello"), r.getError());
        assertFalse(engine.buildRepository().repo().exists(), "nothing was imported");
    }

    @Test
    void failingBuildCommandFailsTheBuildWithTheToolsOutput() throws IOException {
        Path dir = sampleWithModuleCommands("failing-build", "echo this-build-breaks >&2", "exit 3");
        Engine engine = EngineLifecycleTest.engine(FlatpakTestEnv.runner());
        ToolFailedException e = assertThrows(ToolFailedException.class,
                () -> engine.build(spec(dir), FlatpakTestEnv.LOG, Cancellation.none()));
        assertTrue(e.getMessage().contains("flatpak-builder"), e.getMessage());
        assertTrue(e.tail().stream().anyMatch(l -> l.contains("this-build-breaks")), e.tail().toString());
        BuildRecord r = engine.records().list().get(0);
        assertEquals(BuildStatus.FAILED, r.getStatus());
        assertTrue(r.getError().contains("flatpak-builder failed"), r.getError());
        String log = Files.readString(engine.records().logFile(r.getId(), "build"));
        assertTrue(log.contains("this-build-breaks"), "the build log keeps the tool's output");
        assertNoBuildLeftovers(engine);
    }

    @Test
    void timeoutKillsTheBuildAndLeavesNoProcess() throws Exception {
        String marker = "timeout-" + System.nanoTime();
        String sleep = "sleep " + uniqueSeconds();
        Path dir = sampleWithModuleCommands(marker, sleep);
        Engine engine = EngineLifecycleTest.engine(FlatpakTestEnv.runner());
        long start = System.nanoTime();
        ToolTimeoutException e = assertThrows(ToolTimeoutException.class, () -> engine.build(
                spec(dir).withTimeout(Duration.ofSeconds(8)), FlatpakTestEnv.LOG, Cancellation.none()));
        assertTrue(e.getMessage().contains("timed out after 8 s"), e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 60);
        BuildRecord r = engine.records().list().get(0);
        assertEquals(BuildStatus.FAILED, r.getStatus());
        assertTrue(r.getError().contains("timed out"), r.getError());
        assertNoProcessMentioning(sleep);
        assertNoBuildLeftovers(engine);
    }

    @Test
    void cancelStopsTheBuildAndLeavesNoProcess() throws Exception {
        String sleep = "sleep " + uniqueSeconds();
        Path dir = sampleWithModuleCommands("cancel-" + System.nanoTime(), sleep);
        Engine engine = EngineLifecycleTest.engine(FlatpakTestEnv.runner());
        Cancellation cancel = new Cancellation();
        Thread canceller = new Thread(() -> {
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (System.nanoTime() < deadline && !processMentioning(sleep)) {
                    Thread.sleep(100);
                }
                cancel.cancel("cancelled by the test");
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        canceller.start();
        CancelledException e = assertThrows(CancelledException.class,
                () -> engine.build(spec(dir), FlatpakTestEnv.LOG, cancel));
        canceller.join();
        assertTrue(e.getMessage().contains("cancelled by the test"), e.getMessage());
        BuildRecord r = engine.records().list().get(0);
        assertEquals(BuildStatus.CANCELLED, r.getStatus());
        assertNoProcessMentioning(sleep);
        assertNoBuildLeftovers(engine);
    }

    @Test
    void publishBeforeCommitIsRefused() throws IOException {
        Engine engine = EngineLifecycleTest.engine(FlatpakTestEnv.runner());
        BuildRecord built = engine.build(spec(FlatpakTestEnv.sampleCopy("hello-yaml")), FlatpakTestEnv.LOG,
                Cancellation.none());
        Path repo = FlatpakTestEnv.tempDir("target").resolve("stable");
        IllegalTransitionException e = assertThrows(IllegalTransitionException.class, () -> engine.publish(
                built.getId(), PublishTarget.simple("stable", repo), null, FlatpakTestEnv.LOG, Cancellation.none()));
        assertTrue(e.getMessage().contains("commit it first"), e.getMessage());
        assertEquals(BuildStatus.BUILT, engine.records().get(built.getId()).getStatus());
        assertFalse(Files.exists(repo));

        engine.commit(built.getId(), FlatpakTestEnv.LOG, Cancellation.none());
        IllegalTransitionException twice = assertThrows(IllegalTransitionException.class,
                () -> engine.commit(built.getId(), FlatpakTestEnv.LOG, Cancellation.none()));
        assertTrue(twice.getMessage().contains("already committed"), twice.getMessage());
    }

    @Test
    void wrongPassphraseFailsBeforeAnythingIsWritten() {
        byte[] armored = KeyGenerator.generateArmoredSecretKey("Wrong <wrong@example.org>", "Right-Horse-4417".toCharArray());
        Path repo = FlatpakTestEnv.tempDir("target").resolve("stable");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SigningKey.parse(armored, "Zebra-Quux-7731".toCharArray()));
        assertTrue(e.getMessage().toLowerCase().contains("passphrase"), e.getMessage());
        assertFalse(e.getMessage().contains("Zebra-Quux-7731"), "the message does not echo the passphrase");
        assertFalse(Files.exists(repo));
    }

    private static void assertNoBuildLeftovers(Engine engine) throws IOException {
        String root = engine.config().workRoot().toString();
        List<String> mounts = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
                .filter(l -> l.contains(root)).collect(Collectors.toList());
        assertEquals(List.of(), mounts, "no rofiles-fuse mount is left behind");
        Path builds = engine.config().workRoot().resolve("builds");
        if (Files.isDirectory(builds)) {
            try (Stream<Path> s = Files.walk(builds)) {
                List<Path> left = s.filter(p -> p.getFileName().toString().equals("build")
                        || p.getFileName().toString().equals("src")).collect(Collectors.toList());
                assertEquals(List.of(), left, "build and source dirs are removed");
            }
        }
    }

    /** A sleep length no other test run on this machine uses, to find exactly this build's processes. */
    private static long uniqueSeconds() {
        return 100_000 + new java.util.Random().nextInt(800_000);
    }

    static boolean processMentioning(String text) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().map(c -> c.contains(text)).orElse(false));
    }

    private static void assertNoProcessMentioning(String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (processMentioning(text) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertFalse(processMentioning(text), "a process running '" + text + "' is left behind");
    }
}
