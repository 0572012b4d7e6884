package io.jenkins.plugins.flatpak.jenkins.steps;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import org.junit.jupiter.api.Test;

/**
 * What flatpak-builder printed on the agent is on the build's console, in order, before the step goes on: the
 * agent's copy of Pipeline's listener buffers and flushes on a timer, so the build callable flushes it itself.
 */
class AgentOutputTest {
    @Test
    void theAgentsOutputReachesTheConsoleBeforeTheStepMovesOn() throws Exception {
        LocalAgentWorkspace agent = new LocalAgentWorkspace(FlatpakTestEnv.sampleCopy("hello-yaml"));
        TestServices services = TestServices.create(agent);
        TestListener console = TestListener.delayedOnAgent();
        FlatpakBuildStep step = new FlatpakBuildStep();
        step.setBranch("flush");
        TestStepContext context = StepHarness.context(new TestRun(), console);
        StepHarness.run(new FlatpakBuildExecution(step, context, services), context);
        assertNull(context.failure(), () -> String.valueOf(context.failure()));

        String text = console.text();
        int builder = text.indexOf("[flatpak] flatpak-builder org.example.Hello");
        int exported = text.indexOf("[flatpak] exported app/org.example.Hello");
        int copying = text.indexOf("[flatpak] copying ");
        assertTrue(builder >= 0 && exported > builder, "the agent's lines are on the console:\n" + text);
        assertTrue(copying > exported, "and before the controller's next phase:\n" + text);
    }
}
