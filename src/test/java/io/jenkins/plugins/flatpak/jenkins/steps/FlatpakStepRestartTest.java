package io.jenkins.plugins.flatpak.jenkins.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.AbortException;
import io.jenkins.plugins.flatpak.engine.publish.PublishTarget;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.engine.record.RecordStore;
import io.jenkins.plugins.flatpak.engine.repo.OstreeRepo;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the steps do when Jenkins restarts while they run. The execution is written out and read back as
 * Pipeline's program state is, and resumed ({@code onResume}) against the same records. A resumed step never
 * hangs, never publishes twice, and when it cannot continue it fails saying what to do.
 */
class FlatpakStepRestartTest {
    private static final Duration RESUME_TIMEOUT = Duration.ofSeconds(60);

    /** An unsigned "beta" repository, an agent workspace with the hello sample, and one run. */
    private static final class Setup {
        final Path workspace = FlatpakTestEnv.sampleCopy("hello-yaml");
        final Path beta = FlatpakTestEnv.tempDir("repos").resolve("beta");
        final TestServices services = TestServices.create(new LocalAgentWorkspace(workspace))
                .repository(PublishTarget.simple("beta", beta), null);
        final TestRun run;

        Setup() throws Exception {
            run = new TestRun();
        }

        String buildAndCommit() throws Exception {
            FlatpakBuildStep step = new FlatpakBuildStep();
            step.setBranch("beta");
            TestStepContext built = StepHarness.context(run, new TestListener());
            StepHarness.run(new FlatpakBuildExecution(step, built, services), built);
            assertNull(built.failure(), () -> String.valueOf(built.failure()));
            TestStepContext committed = StepHarness.context(run, new TestListener());
            StepHarness.run(new FlatpakCommitExecution(new FlatpakCommitStep(), committed, services), committed);
            assertNull(committed.failure(), () -> String.valueOf(committed.failure()));
            return (String) built.result();
        }

        RecordStore records() {
            return services.home().records();
        }
    }

    @Test
    void publishThatFinishedBeforeTheRestartIsNotPublishedAgain() throws Exception {
        Setup s = new Setup();
        String id = s.buildAndCommit();
        TestListener console = new TestListener();
        TestStepContext context = StepHarness.context(s.run, console);
        FlatpakPublishExecution execution = new FlatpakPublishExecution(new FlatpakPublishStep("beta"), context,
                s.services);
        FlatpakPublishExecution saved = StepHarness.restarted(execution, s.services); // program state at step start
        StepHarness.run(execution, context);
        assertEquals(List.of(id), context.result());
        BuildRecord published = s.records().get(id);
        String appRef = published.appRef();
        String commit = new OstreeRepo(s.beta, FlatpakTestEnv.runner()).revParse(appRef, null);
        long publishLogSize = Files.size(s.records().logFile(id, "publish"));

        // Jenkins stopped after the publish, before the step's completion was saved; the new Jenkins resumes it.
        context.reset();
        saved.onResume();
        context.await(RESUME_TIMEOUT);
        assertNull(context.failure(), () -> String.valueOf(context.failure()));
        assertEquals(List.of(id), context.result());
        assertTrue(console.text().contains("already published to beta; not publishing it again"), console.text());
        BuildRecord after = s.records().get(id);
        assertEquals(published.getPublishedAt(), after.getPublishedAt());
        assertEquals(commit, new OstreeRepo(s.beta, FlatpakTestEnv.runner()).revParse(appRef, null));
        assertEquals(publishLogSize, Files.size(s.records().logFile(id, "publish")), "nothing was published again");
    }

    @Test
    void publishInterruptedByTheRestartFailsAndSaysWhatToDo() throws Exception {
        Setup s = new Setup();
        String id = s.buildAndCommit();
        TestListener console = new TestListener();
        TestStepContext context = StepHarness.context(s.run, console);
        FlatpakPublishExecution saved = StepHarness.restarted(
                new FlatpakPublishExecution(new FlatpakPublishStep("beta"), context, s.services), s.services);

        // The old Jenkins process began publishing and died.
        String deadOwner = deadPid() + "@" + InetAddress.getLocalHost().getHostName();
        s.records().transition(id, BuildStatus.PUBLISHING, r -> {
            r.setOwner(deadOwner);
            r.setTargetRepo("beta");
        });
        // The new Jenkins marks what the old one left half-done as failed on first use (FlatpakHome.get()).
        List<BuildRecord> recovered = s.services.home().recoverInterrupted();
        assertEquals(List.of(id), recovered.stream().map(BuildRecord::getId).toList());

        saved.onResume();
        context.await(RESUME_TIMEOUT);
        Throwable failure = context.failure();
        assertInstanceOf(AbortException.class, failure, String.valueOf(failure));
        assertTrue(failure.getMessage().contains(id) && failure.getMessage().contains("interrupted")
                && failure.getMessage().contains("build, commit and publish anew"), failure.getMessage());
        assertEquals(BuildStatus.FAILED, s.records().get(id).getStatus());
        assertTrue(!Files.exists(s.beta) || new OstreeRepo(s.beta, FlatpakTestEnv.runner()).refs(null).isEmpty(),
                "nothing was published by the resumed step");
    }

    @Test
    void publishNotYetStartedWhenJenkinsStoppedRunsAfterTheRestart() throws Exception {
        Setup s = new Setup();
        String id = s.buildAndCommit();
        TestStepContext context = StepHarness.context(s.run, new TestListener());
        FlatpakPublishExecution saved = StepHarness.restarted(
                new FlatpakPublishExecution(new FlatpakPublishStep("beta"), context, s.services), s.services);
        saved.onResume();
        context.await(StepHarness.BUILD_TIMEOUT);
        assertNull(context.failure(), () -> String.valueOf(context.failure()));
        assertEquals(List.of(id), context.result());
        assertEquals(BuildStatus.PUBLISHED, s.records().get(id).getStatus());
    }

    @Test
    void buildInterruptedByTheRestartFailsAndSaysWhatToDo() throws Exception {
        Setup s = new Setup();
        TestStepContext context = StepHarness.context(s.run, new TestListener());
        FlatpakBuildExecution execution = new FlatpakBuildExecution(new FlatpakBuildStep(), context, s.services);
        BuildRecord created = s.services.home().engine().createBuild(FlatpakBuildExecution.spec(new FlatpakBuildStep(),
                s.workspace.toString()));
        execution.addBuildId(created.getId());
        s.services.home().engine().beginBuild(created.getId());
        FlatpakBuildExecution saved = StepHarness.restarted(execution, s.services);

        saved.onResume();
        context.await(RESUME_TIMEOUT);
        Throwable failure = context.failure();
        assertInstanceOf(AbortException.class, failure, String.valueOf(failure));
        assertTrue(failure.getMessage().contains(created.getId())
                && failure.getMessage().contains("interrupted by a restart of Jenkins")
                && failure.getMessage().contains("run the stage"), failure.getMessage());
        BuildRecord after = s.records().get(created.getId());
        assertEquals(BuildStatus.FAILED, after.getStatus());
        assertEquals("failed", s.run.getAction(io.jenkins.plugins.flatpak.jenkins.model.FlatpakBuildAction.class)
                .getBuild(created.getId()).orElseThrow().getStatus());
    }

    /** The pid of a process that has exited. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long pid = p.pid();
        assertTrue(ProcessHandle.of(pid).isEmpty() || !ProcessHandle.of(pid).get().isAlive());
        return pid;
    }
}
