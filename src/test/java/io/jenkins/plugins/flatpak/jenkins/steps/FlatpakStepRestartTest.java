package io.jenkins.plugins.flatpak.jenkins.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.AbortException;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.publish.Publisher;
import io.jenkins.plugins.flatpak.engine.publish.PublishTarget;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.engine.record.RecordStore;
import io.jenkins.plugins.flatpak.engine.repo.OstreeRepo;
import io.jenkins.plugins.flatpak.jenkins.model.BuildSnapshot;
import io.jenkins.plugins.flatpak.jenkins.model.FlatpakBuildAction;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the steps do when Jenkins restarts while they run. The execution is written out and read back as
 * Pipeline's program state is, and resumed ({@code onResume}) against the same records. A resumed step never
 * hangs, never publishes twice, publishes or commits again what a killed controller left half-done (as the record
 * says to), and when it cannot continue it fails saying what to do.
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
    void publishInterruptedByTheRestartIsPublishedAgainByTheResumedStep() throws Exception {
        Setup s = new Setup();
        String id = s.buildAndCommit();
        TestListener console = new TestListener();
        TestStepContext context = StepHarness.context(s.run, console);
        FlatpakPublishExecution saved = StepHarness.restarted(
                new FlatpakPublishExecution(new FlatpakPublishStep("beta"), context, s.services), s.services);

        killedWhilePublishing(s, id);
        FlatpakBuildAction action = s.run.getAction(FlatpakBuildAction.class);
        BuildSnapshot shown = action.getBuilds(s.records()).get(0);
        assertEquals("failed", shown.getStatus(), "the run shows what the record says, not the committed it saw last");
        assertTrue(shown.getError().contains("publish it again"), shown.getError());

        saved.onResume();
        context.await(StepHarness.BUILD_TIMEOUT);
        assertNull(context.failure(), () -> String.valueOf(context.failure()));
        assertEquals(List.of(id), context.result());
        assertTrue(console.text().contains("failed while being published to beta"), console.text());
        BuildRecord published = s.records().get(id);
        assertEquals(BuildStatus.PUBLISHED, published.getStatus());
        assertNull(published.getError());
        String appRef = published.appRef();
        assertEquals(List.of(published.getPublished().get(appRef)), StepHarness.history(s.beta, appRef));
        assertEquals("published", action.getBuilds(s.records()).get(0).getStatus());
    }

    @Test
    void publishThatLandedBeforeTheKillIsRecordedWithTheSameCommitWhenResumed() throws Exception {
        Setup s = new Setup();
        String id = s.buildAndCommit();
        TestStepContext context = StepHarness.context(s.run, new TestListener());
        FlatpakPublishExecution saved = StepHarness.restarted(
                new FlatpakPublishExecution(new FlatpakPublishStep("beta"), context, s.services), s.services);

        // The killed controller had copied the commits and updated the summary, but not recorded it.
        BuildRecord committed = s.records().get(id);
        Map<String, String> landed = new Publisher(FlatpakTestEnv.runner()).publish(
                s.services.home().engine().config().buildRepo(), committed.getRefs(),
                PublishTarget.simple("beta", s.beta), null, FlatpakTestEnv.LOG, Cancellation.none());
        killedWhilePublishing(s, id);

        saved.onResume();
        context.await(StepHarness.BUILD_TIMEOUT);
        assertNull(context.failure(), () -> String.valueOf(context.failure()));
        BuildRecord published = s.records().get(id);
        assertEquals(BuildStatus.PUBLISHED, published.getStatus());
        assertEquals(landed, published.getPublished(), "the commits that had landed are the ones recorded");
        String appRef = published.appRef();
        assertEquals(List.of(landed.get(appRef)), StepHarness.history(s.beta, appRef), "no second commit");
    }

    @Test
    void publishInterruptedByTheRestartIsPublishedAgainByANewStepWithItsBuildId() throws Exception {
        Setup s = new Setup();
        String id = s.buildAndCommit();
        killedWhilePublishing(s, id);

        // A later run of the same job publishes it by its id, as the record says to.
        TestRun later = new TestRun(BuildOwnership.jobOf(s.run), 2);
        FlatpakPublishStep again = new FlatpakPublishStep("beta");
        again.setBuildId(id);
        TestStepContext context = StepHarness.context(later, new TestListener());
        StepHarness.run(new FlatpakPublishExecution(again, context, s.services), context);
        assertNull(context.failure(), () -> String.valueOf(context.failure()));
        assertEquals(List.of(id), context.result());
        BuildRecord published = s.records().get(id);
        assertEquals(BuildStatus.PUBLISHED, published.getStatus());
        assertEquals(List.of(published.getPublished().get(published.appRef())),
                StepHarness.history(s.beta, published.appRef()));

        // Published now: a further step changes nothing.
        TestStepContext repeat = StepHarness.context(later, new TestListener());
        StepHarness.run(new FlatpakPublishExecution(again, repeat, s.services), repeat);
        assertNull(repeat.failure(), () -> String.valueOf(repeat.failure()));
        assertEquals(published.getPublishedAt(), s.records().get(id).getPublishedAt());
    }

    @Test
    void anInterruptedPublishGoesOnlyToTheRepositoryItWasGoingTo() throws Exception {
        Setup s = new Setup();
        Path stable = FlatpakTestEnv.tempDir("repos").resolve("stable");
        s.services.repository(PublishTarget.simple("stable", stable), null);
        String id = s.buildAndCommit();
        killedWhilePublishing(s, id);

        FlatpakPublishStep elsewhere = new FlatpakPublishStep("stable");
        elsewhere.setBuildId(id);
        TestStepContext context = StepHarness.context(s.run, new TestListener());
        StepHarness.run(new FlatpakPublishExecution(elsewhere, context, s.services), context);
        Throwable failure = context.failure();
        assertInstanceOf(AbortException.class, failure, String.valueOf(failure));
        assertTrue(failure.getMessage().contains(id) && failure.getMessage().contains("publish it again to 'beta'"),
                failure.getMessage());
        assertEquals(BuildStatus.FAILED, s.records().get(id).getStatus());
        assertFalse(Files.exists(stable), "nothing was published into stable");
    }

    @Test
    void commitInterruptedByTheRestartIsCommittedAgainByTheResumedStep() throws Exception {
        Setup s = new Setup();
        FlatpakBuildStep step = new FlatpakBuildStep();
        step.setBranch("beta");
        TestStepContext built = StepHarness.context(s.run, new TestListener());
        StepHarness.run(new FlatpakBuildExecution(step, built, s.services), built);
        assertNull(built.failure(), () -> String.valueOf(built.failure()));
        String id = (String) built.result();
        TestListener console = new TestListener();
        TestStepContext context = StepHarness.context(s.run, console);
        FlatpakCommitExecution saved = StepHarness.restarted(
                new FlatpakCommitExecution(new FlatpakCommitStep(), context, s.services), s.services);

        String deadOwner = deadPid() + "@" + InetAddress.getLocalHost().getHostName();
        s.records().transition(id, BuildStatus.COMMITTING, r -> r.setOwner(deadOwner));
        assertEquals(List.of(id), s.services.home().recoverInterrupted().stream().map(BuildRecord::getId).toList());
        assertTrue(s.records().get(id).getError().contains("commit it again"), s.records().get(id).getError());

        saved.onResume();
        context.await(RESUME_TIMEOUT);
        assertNull(context.failure(), () -> String.valueOf(context.failure()));
        assertEquals(List.of(id), context.result());
        assertTrue(console.text().contains("committing it again"), console.text());
        assertEquals(BuildStatus.COMMITTED, s.records().get(id).getStatus());
    }

    /** What a controller killed during the publish leaves, and what the next controller makes of it on first use. */
    private static void killedWhilePublishing(Setup s, String id) throws Exception {
        String deadOwner = deadPid() + "@" + InetAddress.getLocalHost().getHostName();
        s.records().transition(id, BuildStatus.PUBLISHING, r -> {
            r.setOwner(deadOwner);
            r.setTargetRepo("beta");
            r.setTargetPath(s.beta.toString());
        });
        List<BuildRecord> recovered = s.services.home().recoverInterrupted();
        assertEquals(List.of(id), recovered.stream().map(BuildRecord::getId).toList());
        BuildRecord failed = s.records().get(id);
        assertEquals(BuildStatus.FAILED, failed.getStatus());
        assertTrue(failed.getError().contains("publish it again"), failed.getError());
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
