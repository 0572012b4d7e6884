package io.jenkins.plugins.flatpak.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.Engine;
import io.jenkins.plugins.flatpak.engine.EngineConfig;
import io.jenkins.plugins.flatpak.engine.build.BuildSpec;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.lock.ProcessOwner;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The runner's {@code list}, {@code show} and {@code build} should recover interrupted builds on start, as its
 * {@code commit}, {@code publish} and {@code run} do (Commands.engineFor): a user who runs {@code list} after a
 * crashed build otherwise sees it "building" until some commit or publish runs.
 */
class RunnerRecoveryGapTest {
    @Test
    void listShowsABuildWhoseProcessDiedAsFailed() throws Exception {
        Path home = FlatpakTestEnv.tempDir("runner-recovery");
        Engine engine = new Engine(EngineConfig.inHome(home, new ToolRunner()));
        String id = engine.createBuild(BuildSpec.fromDirectory(home.toString(), "org.example.A.yml")).getId();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        engine.records().transition(id, BuildStatus.BUILDING,
                r -> r.setOwner(gone.pid() + "@" + ProcessOwner.current().host()));
        RunnerProcess list = RunnerProcess.start(home, KillLoopTest.shortTmp(), "list");
        assertEquals(0, list.waitFor(Duration.ofMinutes(2)), list.err());
        String line = list.out().lines().filter(l -> l.startsWith(id)).findFirst().orElseThrow();
        assertTrue(line.contains("failed"), line);
    }
}
