package io.jenkins.plugins.flatpak.jenkins.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.AbortException;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.jenkins.model.FlatpakBuildAction;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad step parameters fail the step with a message that names the value, before anything runs when the value
 * alone is wrong, and with the build recorded as failed when only the engine can tell (a missing manifest).
 */
class FlatpakStepInputTest {
    private static TestStepContext build(Path workspace, TestServices services, TestRun run,
            Consumer<FlatpakBuildStep> parameters) throws Exception {
        FlatpakBuildStep step = new FlatpakBuildStep();
        parameters.accept(step);
        TestStepContext context = StepHarness.context(run, new TestListener());
        StepHarness.run(new FlatpakBuildExecution(step, context, services), context);
        return context;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "appId       | not an id                     | 'not an id'",
        "appId       | org.example                   | 'org.example'",
        "branch      | stable branch                 | 'stable branch'",
        "arch        | x86 64                        | 'x86 64'",
        "manifest    | ../elsewhere/app.yml          | '../elsewhere/app.yml'",
        "manifest    | /etc/app.yml                  | '/etc/app.yml'",
        "stateDir    | cache                         | 'cache'",
        "stateDir    | .flatpak-builder/../../x      | '.flatpak-builder/../../x'",
        "gitUrl      | ext::sh -c touch% /tmp/pwned  | 'ext::sh -c touch% /tmp/pwned'",
        "gitUrl      | https://me:secret@example.org/app.git | password",
        "installDepsFrom | --user                    | '--user'",
        "timeout     | 0                             | timeout 0"})
    void aBadParameterFailsTheStepBeforeAnythingRuns(String parameter, String value, String named) throws Exception {
        Path workspace = FlatpakTestEnv.sampleCopy("hello-yaml");
        TestServices services = TestServices.create(new LocalAgentWorkspace(workspace));
        TestRun run = new TestRun();
        TestStepContext context = build(workspace, services, run, step -> {
            switch (parameter) {
                case "appId": step.setAppId(value); break;
                case "branch": step.setBranch(value); break;
                case "arch": step.setArch(value); break;
                case "manifest": step.setManifest(value); break;
                case "stateDir": step.setStateDir(value); break;
                case "gitUrl": step.setGitUrl(value); break;
                case "installDepsFrom": step.setInstallDepsFrom(value); break;
                case "timeout": step.setTimeout(Integer.parseInt(value)); break;
                default: throw new IllegalArgumentException(parameter);
            }
        });
        Throwable failure = context.failure();
        assertInstanceOf(AbortException.class, failure, String.valueOf(failure));
        assertTrue(failure.getMessage().contains(named), failure.getMessage());
        assertEquals(List.of(), services.home().records().list(), "nothing was recorded");
        assertNull(run.getAction(FlatpakBuildAction.class));
    }

    @Test
    void aMissingManifestFailsTheRecordedBuildNamingIt() throws Exception {
        Path workspace = FlatpakTestEnv.sampleCopy("hello-yaml");
        TestServices services = TestServices.create(new LocalAgentWorkspace(workspace));
        TestRun run = new TestRun();
        TestStepContext context = build(workspace, services, run, step -> step.setManifest("org.example.Missing.yml"));
        Throwable failure = context.failure();
        assertInstanceOf(AbortException.class, failure, String.valueOf(failure));
        assertTrue(failure.getMessage().contains("'org.example.Missing.yml'"), failure.getMessage());
        BuildRecord record = services.home().records().list().get(0);
        assertEquals(BuildStatus.FAILED, record.getStatus());
        assertTrue(record.getError().contains("org.example.Missing.yml"), record.getError());
        FlatpakBuildAction action = run.getAction(FlatpakBuildAction.class);
        assertNotNull(action);
        assertEquals("failed", action.getBuild(record.getId()).orElseThrow().getStatus());
    }

    @Test
    void aManifestForAnotherAppFailsNamingBothIds() throws Exception {
        Path workspace = FlatpakTestEnv.sampleCopy("hello-yaml");
        TestServices services = TestServices.create(new LocalAgentWorkspace(workspace));
        TestStepContext context = build(workspace, services, new TestRun(), step -> {
            step.setManifest("org.example.Hello.yml");
            step.setAppId("org.example.Other");
        });
        String message = context.failure().getMessage();
        assertTrue(message.contains("'org.example.Hello'") && message.contains("'org.example.Other'"), message);
        assertEquals(BuildStatus.FAILED, services.home().records().list().get(0).getStatus());
    }

    @Test
    void publishingToARepositoryThatIsNotConfiguredNamesIt() throws Exception {
        TestServices services = TestServices.create(new LocalAgentWorkspace(FlatpakTestEnv.tempDir("unused")));
        TestStepContext context = StepHarness.context(new TestRun(), new TestListener());
        StepHarness.run(new FlatpakPublishExecution(new FlatpakPublishStep("nightly"), context, services), context);
        assertInstanceOf(AbortException.class, context.failure());
        assertTrue(context.failure().getMessage().contains("'nightly'"), context.failure().getMessage());
    }

    @Test
    void publishingOrCommittingWithoutBuildsSaysWhatToDo() throws Exception {
        TestServices services = TestServices.create(new LocalAgentWorkspace(FlatpakTestEnv.tempDir("unused")));
        services.repository(io.jenkins.plugins.flatpak.engine.publish.PublishTarget.simple("beta",
                FlatpakTestEnv.tempDir("repos").resolve("beta")), null);
        TestStepContext publish = StepHarness.context(new TestRun(), new TestListener());
        StepHarness.run(new FlatpakPublishExecution(new FlatpakPublishStep("beta"), publish, services), publish);
        assertTrue(publish.failure().getMessage().contains("run flatpakCommit before flatpakPublish"),
                publish.failure().getMessage());
        TestStepContext commit = StepHarness.context(new TestRun(), new TestListener());
        StepHarness.run(new FlatpakCommitExecution(new FlatpakCommitStep(), commit, services), commit);
        assertTrue(commit.failure().getMessage().contains("run flatpakBuild before flatpakCommit"),
                commit.failure().getMessage());
        FlatpakCommitStep unknown = new FlatpakCommitStep();
        unknown.setBuildId("20250101-000000-abcdef");
        TestStepContext missing = StepHarness.context(new TestRun(), new TestListener());
        StepHarness.run(new FlatpakCommitExecution(unknown, missing, services), missing);
        assertTrue(missing.failure().getMessage().contains("'20250101-000000-abcdef'"), missing.failure().getMessage());
    }
}
