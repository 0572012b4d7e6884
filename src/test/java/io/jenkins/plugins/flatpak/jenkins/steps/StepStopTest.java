package io.jenkins.plugins.flatpak.jenkins.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code stop} runs on the Pipeline's CPS thread, which every step of every running Pipeline shares: it returns at
 * once while the tool's process tree is still being killed (SIGTERM, and SIGKILL after the grace period for a tool
 * that ignores SIGTERM), the processes are gone afterwards, and the step completes exactly once.
 */
class StepStopTest {
    private static final String MARKER = Long.toString(700_000 + 2 * new java.util.Random().nextInt(200_000));

    /** A step whose work runs a controller-side tool that ignores SIGTERM. */
    private static final class Stubborn extends FlatpakStepExecution {
        private static final long serialVersionUID = 1L;

        Stubborn(TestStepContext context, StepServices services) {
            super(context, services);
        }

        @Override
        protected Object work(TaskListener listener, Run<?, ?> run) {
            phase("running a tool that ignores SIGTERM");
            new ToolRunner().run(Command.of("sh", "-c", "trap '' TERM; sleep " + MARKER + "; true"),
                    Duration.ofMinutes(10), FlatpakTestEnv.LOG, cancellation());
            return "done";
        }
    }

    @Test
    void stopReturnsAtOnceAndTheToolIsKilledAfterwards() throws Exception {
        TestStepContext context = StepHarness.context(new TestRun(), new TestListener());
        Stubborn execution = new Stubborn(context, TestServices.create(new LocalAgentWorkspace(
                FlatpakTestEnv.tempDir("stop"))));
        execution.start();
        AgentProcessesTest.awaitRunning(MARKER);

        InterruptedException cause = new InterruptedException("aborted by the test");
        long start = System.nanoTime();
        execution.stop(cause);
        long stopMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("stop() returned after %d ms (kill grace %d ms)%n", stopMillis,
                ToolRunner.KILL_GRACE.toMillis());
        assertTrue(stopMillis < 1000, "stop() returned after " + stopMillis + " ms");
        assertTrue(!FlatpakBuildAbortTest.processes(MARKER).isEmpty(), "the tool was still being killed then");

        context.await(Duration.ofSeconds(5));
        assertSame(cause, context.failure());
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && !FlatpakBuildAbortTest.processes(MARKER).isEmpty()) {
            Thread.sleep(100);
        }
        assertEquals(List.of(), FlatpakBuildAbortTest.processes(MARKER), "the tool is gone");
        while (System.nanoTime() < deadline && execution.blocksRestart()) {
            Thread.sleep(50);
        }
        assertTrue(!execution.blocksRestart(), "the work ended");
        assertEquals(1, context.completions(), "the step completed exactly once");
    }
}
