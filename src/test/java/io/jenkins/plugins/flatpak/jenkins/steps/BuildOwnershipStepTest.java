package io.jenkins.plugins.flatpak.jenkins.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.AbortException;
import io.jenkins.plugins.flatpak.engine.publish.PublishTarget;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.engine.repo.OstreeRepo;
import io.jenkins.plugins.flatpak.jenkins.model.FlatpakBuildAction;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A build belongs to the job that made it: only that job commits it, and another job publishes it only into a
 * repository whose Allowed jobs list both. Each repository can restrict which jobs publish into it. Two jobs (and a
 * third) run the real steps through the harness against one controller; every refusal changes nothing.
 */
class BuildOwnershipStepTest {
    private static final String APP_JOB = "team/app";
    private static final String RELEASE_JOB = "ops/release";

    private final Path workspace = FlatpakTestEnv.sampleCopy("hello-yaml");
    private final Path repos = FlatpakTestEnv.tempDir("ownership-repos");
    private final TestServices services = TestServices.create(new LocalAgentWorkspace(workspace))
            .repository(PublishTarget.simple("beta", repos.resolve("beta")), null)
            .repository(PublishTarget.simple("stable", repos.resolve("stable")), null);
    private final String prefix = "ownership-" + System.nanoTime() + "/";

    @Test
    void buildsBelongToTheirJobAndRepositoriesSayWhoPublishes() throws Exception {
        TestRun appRun = new TestRun(prefix + APP_JOB, 1);
        TestRun releaseRun = new TestRun(prefix + RELEASE_JOB, 1);
        String appJob = prefix + APP_JOB;
        String releaseJob = prefix + RELEASE_JOB;

        // team/app #1 builds; the record names the job and the run.
        FlatpakBuildStep build = new FlatpakBuildStep();
        build.setBranch("stable");
        TestStepContext built = StepHarness.context(appRun, new TestListener());
        StepHarness.run(new FlatpakBuildExecution(build, built, services), built);
        assertNull(built.failure(), () -> String.valueOf(built.failure()));
        String id = (String) built.result();
        BuildRecord record = services.home().records().get(id);
        assertEquals(appJob, record.getJob());
        assertEquals(1, record.getRunNumber());

        // ops/release may not commit it, nor publish a build that is only built.
        String refused = failure(new FlatpakCommitExecution(commitOf(id), StepHarness.context(releaseRun,
                new TestListener()), services), releaseRun);
        assertTrue(refused.contains(id) && refused.contains("made by job '" + appJob + "' (run #1)")
                && refused.contains("only the job that made a build commits it")
                && refused.contains("run flatpakCommit in '" + appJob + "'"), refused);
        assertEquals(BuildStatus.BUILT, services.home().records().get(id).getStatus());

        // A later run of team/app commits it by its id.
        TestRun appRun2 = new TestRun(appJob, 2);
        TestStepContext committed = StepHarness.context(appRun2, new TestListener());
        StepHarness.run(new FlatpakCommitExecution(commitOf(id), committed, services), committed);
        assertNull(committed.failure(), () -> String.valueOf(committed.failure()));
        assertEquals(BuildStatus.COMMITTED, services.home().records().get(id).getStatus());

        // beta allows any job (the default): each publishes only its own builds there.
        refused = failure(new FlatpakPublishExecution(publishOf("beta", id), StepHarness.context(releaseRun,
                new TestListener()), services), releaseRun);
        assertTrue(refused.contains(id) && refused.contains("made by job '" + appJob + "' (run #1)")
                && refused.contains("not by this job '" + releaseJob + "'")
                && refused.contains("Allowed jobs of repository 'beta'")
                && refused.contains("Manage Jenkins » System » Flatpak"), refused);

        // stable allows the ops folder only: team/app may not publish even its own build there.
        services.allowedJobs("stable", prefix + "ops/");
        refused = failure(new FlatpakPublishExecution(publishOf("stable", id), StepHarness.context(appRun2,
                new TestListener()), services), appRun2);
        assertTrue(refused.contains("job '" + appJob + "' may not publish into repository 'stable'")
                && refused.contains("'" + prefix + "ops/'"), refused);
        // ...and ops/release may not publish team/app's build there: stable does not allow team/app.
        refused = failure(new FlatpakPublishExecution(publishOf("stable", id), StepHarness.context(releaseRun,
                new TestListener()), services), releaseRun);
        assertTrue(refused.contains("made by job '" + appJob + "'"), refused);
        assertFalse(Files.exists(repos.resolve("beta")) || Files.exists(repos.resolve("stable")),
                "nothing was published by a refused step");
        assertEquals(BuildStatus.COMMITTED, services.home().records().get(id).getStatus());

        // A third job in neither folder may not publish into stable at all.
        TestRun stranger = new TestRun(prefix + "other/x", 1);
        refused = failure(new FlatpakPublishExecution(publishOf("stable", id), StepHarness.context(stranger,
                new TestListener()), services), stranger);
        assertTrue(refused.contains("job '" + prefix + "other/x' may not publish into repository 'stable'"), refused);

        // stable allows the ops folder and team/* (a pattern): the release job publishes the app's build.
        services.allowedJobs("stable", prefix + "ops/\n" + prefix + "team/*");
        TestStepContext published = StepHarness.context(releaseRun, new TestListener());
        StepHarness.run(new FlatpakPublishExecution(publishOf("stable", id), published, services), published);
        assertNull(published.failure(), () -> String.valueOf(published.failure()));
        assertEquals(List.of(id), published.result());
        BuildRecord done = services.home().records().get(id);
        assertEquals(BuildStatus.PUBLISHED, done.getStatus());
        assertEquals("stable", done.getTargetRepo());
        assertEquals(appJob, done.getJob(), "publishing never changes whose build it is");
        String appRef = done.appRef();
        assertEquals(done.getPublished().get(appRef), new OstreeRepo(repos.resolve("stable"), FlatpakTestEnv.runner())
                .revParse(appRef, null));
        assertEquals("published", releaseRun.getAction(FlatpakBuildAction.class).getBuild(id).orElseThrow().getStatus(),
                "the publishing run shows the build it published");

        // The release run's own flatpakPublish without buildId does not take team/app's build as its own.
        TestStepContext implicit = StepHarness.context(releaseRun, new TestListener());
        StepHarness.run(new FlatpakPublishExecution(new FlatpakPublishStep("stable"), implicit, services), implicit);
        assertInstanceOf(AbortException.class, implicit.failure());
        assertTrue(implicit.failure().getMessage().contains("this run has no committed Flatpak build"),
                implicit.failure().getMessage());
    }

    private static FlatpakCommitStep commitOf(String id) {
        FlatpakCommitStep step = new FlatpakCommitStep();
        step.setBuildId(id);
        return step;
    }

    private static FlatpakPublishStep publishOf(String repo, String id) {
        FlatpakPublishStep step = new FlatpakPublishStep(repo);
        step.setBuildId(id);
        return step;
    }

    /** Runs the step, which must fail with an AbortException (no stack trace in the console); returns its message. */
    private static String failure(FlatpakStepExecution execution, TestRun run) throws Exception {
        TestStepContext context = (TestStepContext) execution.getContext();
        StepHarness.run(execution, context);
        Throwable failure = context.failure();
        assertInstanceOf(AbortException.class, failure, () -> "expected a refusal in " + run.getExternalizableId()
                + ", got " + (failure == null ? "success: " + context.result() : failure.toString()));
        return failure.getMessage();
    }
}
