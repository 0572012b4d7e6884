package io.jenkins.plugins.flatpak.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.Engine;
import io.jenkins.plugins.flatpak.engine.EngineConfig;
import io.jenkins.plugins.flatpak.engine.build.BuildSpec;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.lock.ProcessOwner;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Every runner command recovers interrupted builds on start ({@code commit}, {@code publish} and {@code run} through
 * the engine they use): a user who looks after a crash sees the build failed with the reason, not "building"
 * until some commit or publish runs, and a new build does not start next to what a killed one left running.
 */
class RunnerRecoveryTest {
    @Test
    void listAndShowShowABuildWhoseProcessDiedAsFailed() throws Exception {
        Path home = FlatpakTestEnv.tempDir("runner-recovery");
        Engine engine = new Engine(EngineConfig.inHome(home, new ToolRunner()));
        String listed = building(engine);

        RunnerProcess list = RunnerProcess.start(home, KillLoopTest.shortTmp(), "list");
        assertEquals(0, list.waitFor(Duration.ofMinutes(2)), list.err());
        String line = list.out().lines().filter(l -> l.startsWith(listed)).findFirst().orElseThrow();
        assertTrue(line.contains("failed"), line);

        String shown = building(engine);
        RunnerProcess show = RunnerProcess.start(home, KillLoopTest.shortTmp(), "show", shown);
        assertEquals(0, show.waitFor(Duration.ofMinutes(2)), show.err());
        assertTrue(show.out().contains("status:        failed")
                && show.out().contains("error:         interrupted while building"), show.out());
    }

    @Test
    void theNextBuildRecoversAnInterruptedOne() throws Exception {
        Path home = FlatpakTestEnv.tempDir("runner-recovery-build");
        Engine engine = new Engine(EngineConfig.inHome(home, new ToolRunner()));
        String interrupted = building(engine);
        Path manifest = home.resolve("org.example.Broken.yml");
        Files.writeString(manifest, "app-id: [unclosed\n");

        RunnerProcess build = RunnerProcess.start(home, KillLoopTest.shortTmp(), "build", "--manifest",
                manifest.toString(), "--build-repo", home.resolve("build-repo").toString());
        assertEquals(2, build.waitFor(Duration.ofMinutes(2)), build.err());
        BuildRecord r = engine.records().get(interrupted);
        assertEquals(BuildStatus.FAILED, r.getStatus());
        assertTrue(r.getError().startsWith("interrupted while building"), r.getError());
    }

    /** A build in its build phase, owned by a process that has exited. */
    private static String building(Engine engine) throws Exception {
        String id = engine.createBuild(BuildSpec.fromDirectory("/nonexistent", "org.example.A.yml")).getId();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        engine.records().transition(id, BuildStatus.BUILDING,
                r -> r.setOwner(gone.pid() + "@" + ProcessOwner.current().host()));
        return id;
    }
}
