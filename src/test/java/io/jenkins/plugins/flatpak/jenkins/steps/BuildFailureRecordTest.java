package io.jenkins.plugins.flatpak.jenkins.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A build that fails, is aborted, loses its agent or is interrupted by a restart leaves a record that says what
 * happened in plain words and names the app, and leaves no files of its own in the agent's workspace.
 */
class BuildFailureRecordTest {
    private static final String RAW = "hudson.remoting.Channel$OrderlyShutdown: Command Close created at";

    @Test
    void aFailedBuildNamesItsAppAndLeavesNothingOnTheAgent() throws Exception {
        Path workspace = FlatpakTestEnv.sampleCopy("hello-yaml");
        Files.writeString(workspace.resolve("org.example.Hello.yml"), "app-id: org.example.Hello\n"
                + "runtime: io.jenkins.flatpak.test.Platform\nruntime-version: '1.0'\n"
                + "sdk: io.jenkins.flatpak.test.Sdk\ncommand: hello\nbranch: fixed\nmodules:\n"
                + "  - name: hello\n    buildsystem: simple\n    build-commands:\n      - mkdir -p /app/x\n"
                + "      - exit 3\n");
        TestServices services = TestServices.create(new LocalAgentWorkspace(workspace));
        TestStepContext context = StepHarness.context(new TestRun(), new TestListener());
        StepHarness.run(new FlatpakBuildExecution(new FlatpakBuildStep(), context, services), context);
        assertNotNull(context.failure());

        BuildRecord r = services.home().records().list().get(0);
        assertEquals(BuildStatus.FAILED, r.getStatus());
        assertEquals("org.example.Hello", r.getAppId(), "the record names the app though nothing was built");
        assertEquals(FlatpakTestEnv.arch(), r.getArch());
        assertEquals("fixed", r.getBranch());
        assertNoAgentFiles(workspace, r.getId());
    }

    @Test
    void aLostConnectionIsRecordedInPlainWordsWithTheRawTextInTheLog() throws Exception {
        Path workspace = FlatpakTestEnv.sampleCopy("hello-yaml");
        TestServices[] services = new TestServices[1];
        AgentWorkspace closing = new Delegating(new LocalAgentWorkspace(workspace)) {
            @Override
            public <T> T act(FilePath.FileCallable<T> callable) throws IOException {
                // what a closing channel leaves: the build's dirs half made, and remoting's own words
                String id = services[0].home().records().list().get(0).getId();
                Files.createDirectories(Path.of(AgentBuildCallable.buildDir(workspace.toString(), id), "build"));
                throw new IOException(RAW, new java.io.EOFException());
            }
        };
        services[0] = TestServices.create(closing);
        FlatpakBuildStep step = new FlatpakBuildStep();
        step.setAppId("org.example.Hello");
        step.setBranch("stable");
        TestStepContext context = StepHarness.context(new TestRun(), new TestListener());
        StepHarness.run(new FlatpakBuildExecution(step, context, services[0]), context);

        String message = context.failure().getMessage();
        BuildRecord r = services[0].home().records().list().get(0);
        assertEquals(BuildStatus.FAILED, r.getStatus());
        for (String text : List.of(message, r.getError())) {
            assertTrue(text.contains("the connection to the agent was lost while flatpak-builder ran in "
                    + workspace + " on the test agent"), text);
            assertTrue(text.contains("Run the stage again"), text);
            assertFalse(text.contains("hudson.remoting"), text);
        }
        assertEquals("org.example.Hello", r.getAppId(), "the requested app id is recorded from the start");
        assertEquals("stable", r.getBranch());
        String log = Files.readString(services[0].home().records().logFile(r.getId(), "build"));
        assertTrue(log.contains(RAW), "the raw text is in the build's log:\n" + log);
        assertNoAgentFiles(workspace, r.getId());
    }

    @Test
    void aBuildInterruptedByARestartIsCleanedUpFromTheAgentWhenTheStepResumes() throws Exception {
        Path workspace = FlatpakTestEnv.sampleCopy("hello-yaml");
        TestServices services = TestServices.create(new LocalAgentWorkspace(workspace));
        TestRun run = new TestRun();
        TestStepContext context = StepHarness.context(run, new TestListener());
        FlatpakBuildExecution execution = new FlatpakBuildExecution(new FlatpakBuildStep(), context, services);
        BuildRecord created = services.home().engine().createBuild(FlatpakBuildExecution.spec(new FlatpakBuildStep(),
                workspace.toString()));
        String id = created.getId();
        execution.addBuildId(id);
        services.home().engine().beginBuild(id);
        Files.createDirectories(Path.of(AgentBuildCallable.buildDir(workspace.toString(), id), "build", "hello-1"));
        Files.createDirectories(workspace.resolve(".flatpak-pipeline/checkout/" + id));
        FlatpakBuildExecution saved = StepHarness.restarted(execution, services);

        saved.onResume();
        context.await(Duration.ofSeconds(60));
        BuildRecord after = services.home().records().get(id);
        assertEquals(BuildStatus.FAILED, after.getStatus());
        assertTrue(after.getError().contains("interrupted by a restart of Jenkins while it was building")
                && after.getError().contains("start a new build"), after.getError());
        assertNoAgentFiles(workspace, id);
    }

    static void assertNoAgentFiles(Path workspace, String id) throws IOException {
        Path work = workspace.resolve(AgentBuildCallable.WORK_DIR);
        assertFalse(Files.exists(Path.of(AgentBuildCallable.buildDir(workspace.toString(), id))),
                "the build's dir is removed from the agent");
        assertFalse(Files.exists(work.resolve("checkout").resolve(id)), "its checkout is removed");
        assertFalse(Files.exists(workspace.resolve(AgentBuildCallable.logPath(id))), "its agent log is removed");
        if (Files.isDirectory(work.resolve("builds"))) {
            try (Stream<Path> left = Files.list(work.resolve("builds"))) {
                assertEquals(List.of(), left.toList(), "nothing is left in the agent's build dirs");
            }
        }
    }

    /** An {@link AgentWorkspace} that does what another does, for tests to change one call. */
    private static class Delegating implements AgentWorkspace {
        private final AgentWorkspace to;

        Delegating(AgentWorkspace to) {
            this.to = to;
        }

        @Override
        public String path() {
            return to.path();
        }

        @Override
        public String describe() {
            return to.describe();
        }

        @Override
        public <T> T export(Class<T> type, T instance) {
            return to.export(type, instance);
        }

        @Override
        public <T> T act(FilePath.FileCallable<T> callable) throws IOException, InterruptedException {
            return to.act(callable);
        }

        @Override
        public void fetchFiles(String agentDir, List<String> relativePaths, Path localDir)
                throws IOException, InterruptedException {
            to.fetchFiles(agentDir, relativePaths, localDir);
        }

        @Override
        public boolean copyTo(String agentFile, java.io.OutputStream out) throws IOException, InterruptedException {
            return to.copyTo(agentFile, out);
        }

        @Override
        public void delete(String agentPath) throws IOException, InterruptedException {
            to.delete(agentPath);
        }

        @Override
        public void cloneWithCredentials(String gitUrl, String gitBranch, String credentialsId, String agentDir,
                Run<?, ?> run, TaskListener listener, Map<String, String> environment)
                throws IOException, InterruptedException {
            to.cloneWithCredentials(gitUrl, gitBranch, credentialsId, agentDir, run, listener, environment);
        }
    }
}
