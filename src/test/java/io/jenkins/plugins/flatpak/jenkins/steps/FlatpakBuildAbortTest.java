package io.jenkins.plugins.flatpak.jenkins.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.jenkins.model.FlatpakBuildAction;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Aborting flatpakBuild stops flatpak-builder and everything it started on the agent, and records the abort. */
class FlatpakBuildAbortTest {
    /**
     * Unusual sleep lengths, to find the build's processes among everything else running — different in each
     * run, so a run of this test elsewhere on the machine is never mistaken for this one.
     */
    private static final long BASE = 100_000 + 2 * new java.util.Random().nextInt(400_000);
    private static final String FOREGROUND = Long.toString(BASE);
    private static final String BACKGROUND = Long.toString(BASE + 1);

    @Test
    void abortKillsTheWholeProcessTreeOnTheAgent() throws Exception {
        Path workspace = FlatpakTestEnv.tempDir("sleepy").resolve("workspace");
        Files.createDirectories(workspace);
        Files.writeString(workspace.resolve("org.example.Sleepy.yml"), String.join("\n",
                "app-id: org.example.Sleepy",
                "runtime: io.jenkins.flatpak.test.Platform",
                "runtime-version: '1.0'",
                "sdk: io.jenkins.flatpak.test.Sdk",
                "command: sleepy",
                "modules:",
                "  - name: sleepy",
                "    buildsystem: simple",
                "    build-commands:",
                "      - sleep " + BACKGROUND + " &",
                "      - sleep " + FOREGROUND,
                ""));
        LocalAgentWorkspace agent = new LocalAgentWorkspace(workspace);
        TestServices services = TestServices.create(agent);
        TestRun run = new TestRun();
        TestListener console = new TestListener();
        TestStepContext context = StepHarness.context(run, console);
        FlatpakBuildStep step = new FlatpakBuildStep();
        step.setTimeout(60);
        FlatpakBuildExecution execution = new FlatpakBuildExecution(step, context, services);
        execution.start();

        List<ProcessHandle> sleeping = awaitProcesses(FOREGROUND, Duration.ofMinutes(5));
        assertTrue(!sleeping.isEmpty(), "the build's sleep never started:\n" + console.text());
        assertTrue(execution.blocksRestart(), "a running build holds off a safe restart");
        assertTrue(execution.getStatus().contains("flatpak-builder"), execution.getStatus());

        InterruptedException cause = new InterruptedException("aborted by the test");
        execution.stop(cause);
        context.await(Duration.ofSeconds(5));
        assertSame(cause, context.failure(), "the step ends with the abort's cause, at once");

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && !(processes(FOREGROUND).isEmpty() && processes(BACKGROUND).isEmpty())) {
            Thread.sleep(100);
        }
        assertEquals(List.of(), describe(processes(FOREGROUND)), "the build command is killed");
        assertEquals(List.of(), describe(processes(BACKGROUND)), "what it started in the background is killed too");

        String id = services.home().records().list().get(0).getId();
        BuildRecord record = awaitStatus(services, id, BuildStatus.CANCELLED, Duration.ofSeconds(60));
        assertEquals(BuildStatus.CANCELLED, record.getStatus(), () -> "record: " + record.getStatus() + " " + record.getError());
        FlatpakBuildAction action = run.getAction(FlatpakBuildAction.class);
        assertNotNull(action);
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < until && !"cancelled".equals(action.getBuild(id).orElseThrow().getStatus())) {
            Thread.sleep(50);
        }
        assertEquals("cancelled", action.getBuild(id).orElseThrow().getStatus());
        assertEquals(1, context.completions(), "the step completes exactly once");
        long idle = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < idle && execution.blocksRestart()) {
            Thread.sleep(50);
        }
        assertTrue(!execution.blocksRestart());
        BuildFailureRecordTest.assertNoAgentFiles(workspace, id);
    }

    private static List<ProcessHandle> awaitProcesses(String marker, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<ProcessHandle> found = processes(marker);
            if (!found.isEmpty()) {
                return found;
            }
            Thread.sleep(200);
        }
        return List.of();
    }

    static List<ProcessHandle> processes(String marker) {
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains("sleep " + marker) || c.endsWith(" " + marker))
                        .orElse(false))
                .collect(Collectors.toList());
    }

    private static List<String> describe(List<ProcessHandle> ps) {
        return ps.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).collect(Collectors.toList());
    }

    private static BuildRecord awaitStatus(TestServices services, String id, BuildStatus status, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        BuildRecord r = services.home().records().get(id);
        while (System.nanoTime() < deadline && r.getStatus() != status) {
            Thread.sleep(100);
            r = services.home().records().get(id);
        }
        return r;
    }
}
