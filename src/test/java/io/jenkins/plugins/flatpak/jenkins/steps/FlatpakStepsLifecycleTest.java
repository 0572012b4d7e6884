package io.jenkins.plugins.flatpak.jenkins.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.exec.ToolFailedException;
import io.jenkins.plugins.flatpak.engine.gpg.KeyGenerator;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import io.jenkins.plugins.flatpak.engine.publish.PublishTarget;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.engine.repo.BuildRepository;
import io.jenkins.plugins.flatpak.engine.repo.OstreeRepo;
import io.jenkins.plugins.flatpak.jenkins.model.BuildQuery;
import io.jenkins.plugins.flatpak.jenkins.model.BuildSnapshot;
import io.jenkins.plugins.flatpak.jenkins.model.FlatpakBuildAction;
import io.jenkins.plugins.flatpak.jenkins.model.IndexEntry;
import io.jenkins.plugins.flatpak.jenkins.model.PublishedRef;
import io.jenkins.plugins.flatpak.jenkins.model.RunLink;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * flatpakBuild, flatpakCommit and flatpakPublish, as Pipeline runs them, against the real engine and tools: the
 * build runs in an "agent" workspace apart from the controller's directories, reaches the controller's build-repo
 * by copy, is committed, and is published into a repository signed with a key from a credential.
 */
class FlatpakStepsLifecycleTest {
    private static final char[] PASSPHRASE = "steps lifecycle passphrase".toCharArray();
    private static byte[] armoredKey;

    @BeforeAll
    static void key() {
        armoredKey = KeyGenerator.generateArmoredSecretKey("Steps Test <steps@example.org>", PASSPHRASE);
    }

    @Test
    void buildOnAnAgentCommitAndPublishIntoASignedRepository() throws Exception {
        Path agentWorkspace = FlatpakTestEnv.sampleCopy("polyglot-locale");
        LocalAgentWorkspace agent = new LocalAgentWorkspace(agentWorkspace);
        Path beta = FlatpakTestEnv.tempDir("repos").resolve("beta");
        TestServices services = TestServices.create(agent)
                .repository(PublishTarget.simple("beta", beta), "release-key")
                .credential("release-key", armoredKey, PASSPHRASE);
        Path controllerHome = services.home().home();
        assertFalse(agentWorkspace.startsWith(controllerHome) || controllerHome.startsWith(agentWorkspace));
        String arch = FlatpakTestEnv.arch();
        TestRun run = new TestRun();

        // flatpakBuild manifest: 'org.example.Polyglot.yml', branch: 'beta'
        FlatpakBuildStep build = new FlatpakBuildStep();
        build.setManifest("org.example.Polyglot.yml");
        build.setBranch("beta");
        TestListener buildConsole = new TestListener();
        TestStepContext built = StepHarness.context(run, buildConsole);
        StepHarness.run(new FlatpakBuildExecution(build, built, services), built);
        assertNull(built.failure(), () -> String.valueOf(built.failure()));
        String id = (String) built.result();
        assertNotNull(id);

        BuildRecord record = services.home().records().get(id);
        assertEquals(BuildStatus.BUILT, record.getStatus());
        String appRef = "app/org.example.Polyglot/" + arch + "/beta";
        String localeRef = "runtime/org.example.Polyglot.Locale/" + arch + "/beta";
        assertEquals(java.util.Set.of(appRef, localeRef), record.getRefs().keySet());
        OstreeRepo buildRepo = services.home().engine().buildRepository().repo();
        assertTrue(buildRepo.path().startsWith(controllerHome), buildRepo.path().toString());
        for (Map.Entry<String, String> ref : record.getRefs().entrySet()) {
            assertEquals(ref.getValue(), buildRepo.revParse(BuildRepository.buildRef(id, ref.getKey()), null), ref.getKey());
        }
        assertEquals(2, agent.calls.get(), "flatpak-builder runs once on the agent, then the agent lists its objects");
        assertTrue(agent.fetchedFiles.get() > 0, "the build's objects are copied to the controller");
        assertTrue(agent.lastCallableBytes > 0 && agent.lastCallableBytes < 64 * 1024,
                "the callable is small engine data: " + agent.lastCallableBytes + " bytes");
        assertFalse(Files.exists(agentWorkspace.resolve(".flatpak-pipeline/builds/" + id)),
                "the agent's export repository is removed once imported");
        String console = buildConsole.text();
        assertTrue(console.contains("[flatpak] build " + id), console);
        assertTrue(console.contains("[flatpak] flatpak-builder org.example.Polyglot"), console);
        assertTrue(console.contains("[flatpak] importing 2 ref(s) into the build-repo"), console);
        String buildLog = Files.readString(services.home().records().logFile(id, "build"));
        assertTrue(buildLog.contains("[flatpak] flatpak-builder org.example.Polyglot"),
                "flatpak-builder's output from the agent is in the controller's build log:\n" + buildLog);

        FlatpakBuildAction action = run.getAction(FlatpakBuildAction.class);
        assertNotNull(action, "the run shows its Flatpak builds");
        BuildSnapshot shown = action.getBuild(id).orElseThrow();
        assertEquals("built", shown.getStatus());
        assertEquals(appRef, shown.getAppRef());
        assertTrue(shown.getPhases().stream().anyMatch(p -> p.getName().equals("build") && !p.isRunning()));
        assertTrue(action.logTail(services.home().records(), id, "build").orElseThrow().getText().contains("flatpak-builder"));
        assertTrue(run.saves.get() > 0, "the run is saved so build.xml holds the snapshot");
        IndexEntry indexed = services.home().index().get(id).orElseThrow();
        assertEquals(run.getExternalizableId(), indexed.runId());
        assertEquals("built", indexed.status());

        // flatpakCommit()
        TestStepContext committed = StepHarness.context(run, new TestListener());
        StepHarness.run(new FlatpakCommitExecution(new FlatpakCommitStep(), committed, services), committed);
        assertNull(committed.failure(), () -> String.valueOf(committed.failure()));
        assertEquals(List.of(id), committed.result());
        assertEquals(BuildStatus.COMMITTED, services.home().records().get(id).getStatus());
        assertEquals("committed", action.getBuild(id).orElseThrow().getStatus());

        // flatpakPublish repo: 'beta'
        TestListener publishConsole = new TestListener();
        TestStepContext published = StepHarness.context(run, publishConsole);
        StepHarness.run(new FlatpakPublishExecution(new FlatpakPublishStep("beta"), published, services), published);
        assertNull(published.failure(), () -> String.valueOf(published.failure()));
        assertEquals(List.of(id), published.result());
        BuildRecord done = services.home().records().get(id);
        assertEquals(BuildStatus.PUBLISHED, done.getStatus());
        assertEquals("beta", done.getTargetRepo());
        assertEquals(record.getRefs().keySet(), done.getPublished().keySet());
        try (SigningKey key = SigningKey.parse(armoredKey, PASSPHRASE)) {
            assertTrue(publishConsole.text().contains("signed with key " + key.keyId()), publishConsole.text());
            List<String> refs = StepHarness.verifiedSummaryRefs(beta, key.publicKeyBinary());
            assertTrue(refs.containsAll(List.of(appRef, localeRef)), refs.toString());
            byte[] otherKey = KeyGenerator.generateArmoredSecretKey("Someone Else <else@example.org>", null);
            try (SigningKey other = SigningKey.parse(otherKey, null)) {
                assertThrows(ToolFailedException.class,
                        () -> StepHarness.verifiedSummaryRefs(beta, other.publicKeyBinary()),
                        "the summary does not verify with another key");
            }
        }
        OstreeRepo target = new OstreeRepo(beta, FlatpakTestEnv.runner());
        assertEquals(done.getPublished().get(appRef), target.revParse(appRef, null));
        BuildSnapshot publishedShown = action.getBuild(id).orElseThrow();
        assertEquals("published", publishedShown.getStatus());
        assertEquals("beta", publishedShown.getTargetRepo());
        assertEquals(2, publishedShown.getPublished().size());

        IndexEntry indexedPublished = services.home().index().get(id).orElseThrow();
        assertEquals("published", indexedPublished.status());
        assertEquals(run.getExternalizableId(), indexedPublished.runId(), "the run id survives every update");
        List<PublishedRef> inRepo = new BuildQuery(services.home().index(),
                runId -> new RunLink(runId, runId, "job/x/1/")).publishedRefs("beta");
        assertEquals(List.of(appRef, localeRef), inRepo.stream().map(PublishedRef::getRef).sorted().toList());
        assertTrue(inRepo.stream().allMatch(r -> r.getBuildId().equals(id) && r.getRun() != null));

        // Publishing again never publishes twice: no key is even needed.
        int lookups = services.keyLookups.get();
        TestListener againConsole = new TestListener();
        TestStepContext again = StepHarness.context(run, againConsole);
        StepHarness.run(new FlatpakPublishExecution(new FlatpakPublishStep("beta"), again, services), again);
        assertNull(again.failure(), () -> String.valueOf(again.failure()));
        assertEquals(List.of(id), again.result());
        assertTrue(againConsole.text().contains("already published to beta; not publishing it again"), againConsole.text());
        assertEquals(lookups, services.keyLookups.get());
        assertEquals(done.getPublishedAt(), services.home().records().get(id).getPublishedAt());
    }
}
