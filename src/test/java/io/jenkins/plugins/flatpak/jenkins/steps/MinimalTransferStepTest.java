package io.jenkins.plugins.flatpak.jenkins.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A rebuild sends the controller only the objects its build-repo lacks, and still imports a complete build. */
class MinimalTransferStepTest {

    private static BuildRecord build(TestServices services, LocalAgentWorkspace agent, TestRun run) throws Exception {
        FlatpakBuildStep step = new FlatpakBuildStep();
        step.setManifest("org.example.Hello.yml");
        step.setBranch("stable");
        TestStepContext context = StepHarness.context(run, new TestListener());
        StepHarness.run(new FlatpakBuildExecution(step, context, services), context);
        assertNull(context.failure(), () -> String.valueOf(context.failure()));
        return services.home().records().get((String) context.result());
    }

    @Test
    void anUnchangedRebuildMovesOnlyItsNewObjects() throws Exception {
        Path workspace = FlatpakTestEnv.sampleCopy("hello-yaml");
        LocalAgentWorkspace agent = new LocalAgentWorkspace(workspace);
        TestServices services = TestServices.create(agent);

        BuildRecord first = build(services, agent, new TestRun());
        int firstFiles = agent.fetchedFiles.get();
        long firstBytes = agent.fetchedBytes.get();

        BuildRecord second = build(services, agent, new TestRun());
        int secondFiles = agent.fetchedFiles.get() - firstFiles;
        long secondBytes = agent.fetchedBytes.get() - firstBytes;
        System.out.printf("first build sent %d objects (%d bytes), the unchanged rebuild %d (%d bytes)%n",
                firstFiles, firstBytes, secondFiles, secondBytes);

        assertEquals(BuildStatus.BUILT, second.getStatus());
        assertEquals(first.getRefs().keySet(), second.getRefs().keySet());
        assertTrue(secondFiles < firstFiles, secondFiles + " objects sent again of " + firstFiles);
        assertTrue(secondBytes < firstBytes, secondBytes + " bytes sent again of " + firstBytes);
        String appRef = second.appRef();
        assertEquals(services.home().engine().buildRepository().repo().revParse(appRef, null),
                second.getRefs().get(appRef), "the rebuild is complete in the build-repo");
    }
}
