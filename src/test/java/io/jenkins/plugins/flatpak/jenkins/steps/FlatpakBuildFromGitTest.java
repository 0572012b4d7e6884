package io.jenkins.plugins.flatpak.jenkins.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.build.GitSource;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * flatpakBuild from a git repository instead of the workspace: cloned on the agent by the engine's git when no
 * credentials are given, and by the controller-driven clone (git-client in Jenkins; a stand-in here) with them.
 */
class FlatpakBuildFromGitTest {
    @Test
    void withoutCredentialsTheAgentClonesAndBuildsTheRepository() throws Exception {
        Path repo = FlatpakTestEnv.gitSample("greeter-json");
        String head = GitSource.headCommit(new ToolRunner(), repo, null);
        Path workspace = FlatpakTestEnv.tempDir("git-workspace");
        TestServices services = TestServices.create(new LocalAgentWorkspace(workspace));
        FlatpakBuildStep step = new FlatpakBuildStep();
        step.setGitUrl(repo.toUri().toString());
        step.setGitBranch("main");
        step.setManifest("org.example.Greeter.json");
        step.setBranch("test");
        TestRun run = new TestRun();
        TestStepContext context = StepHarness.context(run, new TestListener());
        StepHarness.run(new FlatpakBuildExecution(step, context, services), context);
        assertNull(context.failure(), () -> String.valueOf(context.failure()));

        BuildRecord r = services.home().records().get((String) context.result());
        assertEquals(BuildStatus.BUILT, r.getStatus());
        assertEquals("org.example.Greeter", r.getAppId());
        assertEquals(repo.toUri().toString(), r.getGitUrl());
        assertEquals("main", r.getGitBranch());
        assertEquals(head, r.getSourceCommit(), "the record names the commit that was built");
        assertTrue(r.getRefs().containsKey("app/org.example.Greeter/" + FlatpakTestEnv.arch() + "/test"));
    }

    @Test
    void withCredentialsTheCheckoutIsMadeFirstAndRemovedAfterwards() throws Exception {
        Path repo = FlatpakTestEnv.gitSample("hello-yaml");
        String head = GitSource.headCommit(new ToolRunner(), repo, null);
        Path workspace = FlatpakTestEnv.tempDir("git-workspace");
        TestServices services = TestServices.create(new LocalAgentWorkspace(workspace));
        FlatpakBuildStep step = new FlatpakBuildStep();
        step.setGitUrl(repo.toUri().toString());
        step.setCredentialsId("git-token");
        TestListener console = new TestListener();
        TestStepContext context = StepHarness.context(new TestRun(), console);
        StepHarness.run(new FlatpakBuildExecution(step, context, services), context);
        assertNull(context.failure(), () -> String.valueOf(context.failure()));

        String id = (String) context.result();
        BuildRecord r = services.home().records().get(id);
        assertEquals(BuildStatus.BUILT, r.getStatus());
        assertEquals(repo.toUri().toString(), r.getGitUrl());
        assertEquals(head, r.getSourceCommit());
        assertTrue(console.text().contains("with credentials git-token"), console.text());
        assertFalse(Files.exists(workspace.resolve(".flatpak-pipeline/checkout/" + id)), "the checkout is removed");
    }
}
