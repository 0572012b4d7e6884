package io.jenkins.plugins.flatpak.jenkins.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.CancelledException;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.ToolResult;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.exec.ToolTimeoutException;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Tools started on the agent through the step's Launcher ({@link AgentProcesses} asking the controller's
 * {@link LauncherTools}, with the agent's calls crossing a serializing boundary as they would cross remoting): output,
 * exit codes, the environment and literal arguments arrive intact, and a cancel or a timeout ends the whole tree,
 * also processes that ignore SIGTERM (which Jenkins' own kill only sends) and those that left the tree.
 */
class AgentProcessesTest {
    private static final long BASE = 300_000 + 2 * new java.util.Random().nextInt(300_000);

    private static ToolRunner agentRunner(TestLauncher launcher, Map<String, String> env) {
        LocalAgentWorkspace agent = new LocalAgentWorkspace(FlatpakTestEnv.tempDir("agent-processes"));
        return new ToolRunner(env, new AgentProcesses(new LauncherTools(launcher, agent).exported()));
    }

    @Test
    void outputExitCodeEnvironmentAndArgumentsArriveIntact() {
        TestLauncher launcher = new TestLauncher();
        ToolRunner runner = agentRunner(launcher, Map.of("RUN_MARK", "from-the-run"));
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        ToolResult r = runner.captureAccepting(Command.of("sh", "-c",
                "printf '%s\\n' \"$RUN_MARK\" \"$1\"; echo to-stderr >&2; exit 3", "sh", "lit$HOME$$x"),
                Duration.ofSeconds(30), lines::add, null, Set.of(3));
        assertEquals(3, r.exitCode());
        assertEquals(List.of("from-the-run", "lit$HOME$$x"), r.output(), "environment and a literal '$' argument");
        assertEquals(List.of("to-stderr"), lines);
        assertEquals(1, launcher.launched.size(), "started through the Launcher");
    }

    @Test
    void cancelKillsTreesThatIgnoreSigtermAndProcessesThatLeftTheTree() throws Exception {
        TestLauncher launcher = new TestLauncher();
        ToolRunner runner = agentRunner(launcher, Map.of());
        String fg = Long.toString(BASE);
        String bg = Long.toString(BASE + 1);
        String daemon = Long.toString(BASE + 2);
        Cancellation cancel = new Cancellation();
        Future<?> run = Executors.newSingleThreadExecutor().submit(() -> runner.run(Command.of("sh", "-c",
                "trap '' TERM; sleep " + bg + " & (setsid sleep " + daemon + " &) ; sleep " + fg),
                Duration.ofMinutes(5), FlatpakTestEnv.LOG, cancel));
        awaitRunning(fg, bg, daemon);

        long start = System.nanoTime();
        cancel.cancel("aborted by the test");
        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> run.get(60, java.util.concurrent.TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof CancelledException, String.valueOf(e.getCause()));
        System.out.printf("cancel ended a SIGTERM-ignoring tree in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        assertEquals(List.of(), FlatpakBuildAbortTest.processes(fg), "the tool");
        assertEquals(List.of(), FlatpakBuildAbortTest.processes(bg), "its child that ignores SIGTERM");
        assertEquals(List.of(), FlatpakBuildAbortTest.processes(daemon), "a process that left the tree");
        assertTrue(launcher.kills.stream().anyMatch(m -> m.containsKey(AgentProcesses.COOKIE)),
                "the kill went through Launcher.kill with the process's cookie: " + launcher.kills);
    }

    @Test
    void aTimeoutKillsTheWholeTree() throws Exception {
        TestLauncher launcher = new TestLauncher();
        ToolRunner runner = agentRunner(launcher, Map.of());
        String fg = Long.toString(BASE + 3);
        String bg = Long.toString(BASE + 4);
        assertThrows(ToolTimeoutException.class, () -> runner.run(Command.of("sh", "-c",
                "trap '' TERM; sleep " + bg + " & sleep " + fg), Duration.ofSeconds(2), FlatpakTestEnv.LOG, null));
        assertEquals(List.of(), FlatpakBuildAbortTest.processes(fg));
        assertEquals(List.of(), FlatpakBuildAbortTest.processes(bg));
    }

    @Test
    void jenkinsOwnKillLeavesSigtermIgnoringProcessesRunning() throws Exception {
        // What the escalation above is for: the Launcher's kill alone (SIGTERM, wait) does not end them.
        String fg = Long.toString(BASE + 5);
        Process p = new ProcessBuilder("sh", "-c", "trap '' TERM; exec sleep " + fg).start();
        try {
            awaitRunning(fg);
            TestLauncher.softKill(List.of(p.toHandle()));
            assertEquals(1, FlatpakBuildAbortTest.processes(fg).size());
        } finally {
            ToolRunner.killTree(p);
        }
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "SIGKILL ends it");
    }

    static void awaitRunning(String... markers) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (String m : markers) {
            while (FlatpakBuildAbortTest.processes(m).isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "sleep " + m + " never started");
                Thread.sleep(50);
            }
        }
    }
}
