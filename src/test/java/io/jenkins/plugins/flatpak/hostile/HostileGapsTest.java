package io.jenkins.plugins.flatpak.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.flatpak.engine.Engine;
import io.jenkins.plugins.flatpak.engine.EngineConfig;
import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.build.BuildSpec;
import io.jenkins.plugins.flatpak.engine.build.FlatpakBuilder;
import io.jenkins.plugins.flatpak.engine.build.GitUrls;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.publish.PublishTarget;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.engine.repo.OstreeRepo;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regression tests for the gaps the hostile corpus found in the engine: hostile input that once got further than
 * it should. Each failed before its fix; docs/reliability.md lists them.
 */
class HostileGapsTest {
    private static final String INVALID_MANIFEST = "{\"id\": \"org.example;1\", \"runtime\": \"io.jenkins.flatpak.test.Platform\","
            + " \"runtime-version\": \"1.0\", \"sdk\": \"io.jenkins.flatpak.test.Sdk\", \"command\": \"hello\", \"modules\": []}";

    @ParameterizedTest
    @ValueSource(strings = {"ssh://-oProxyCommand=touch%20/tmp/x/repo", "git@-oProxyCommand:repo",
        "ssh://-oProxyCommand=x@example.org/repo", "ssh://git@-oProxyCommand=x/repo"})
    void gitUrlsWhoseHostOrUserIsAnOptionAreRefused(String url) {
        assertThrows(InvalidInputException.class, () -> GitUrls.validate(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc/passwd", "/etc/passwd", "build-aux/../../x.yml"})
    void aGitBuildsManifestPathIsRefusedBeforeTheClone(String manifest) {
        assertThrows(InvalidInputException.class,
                () -> FlatpakBuilder.validate(BuildSpec.fromGit("https://example.org/app.git", null, manifest)));
    }

    @Test
    void aRefusedManifestInAGitWorkTreeStartsNoTool() throws Exception {
        Path tree = FlatpakTestEnv.tempDir("gap-git-tree");
        Files.writeString(tree.resolve("org.example.Hostile.json"), INVALID_MANIFEST);
        new ToolRunner().run(Command.of("git", "init", "--quiet").directory(tree), Duration.ofMinutes(1),
                OutputSink.DISCARD, null);
        Path trace = FlatpakTestEnv.tempDir("gap-git-trace").resolve("git.trace");
        Engine engine = engine(new ToolRunner(Map.of("GIT_TRACE", trace.toString())));
        assertThrows(InvalidInputException.class, () -> engine.build(
                BuildSpec.fromDirectory(tree.toString(), "org.example.Hostile.json"), OutputSink.DISCARD, Cancellation.none()));
        assertFalse(Files.exists(trace), "git ran before the manifest was refused");
    }

    @Test
    void aRefusedManifestLeavesNoCopyOfTheSources() throws Exception {
        Path tree = FlatpakTestEnv.tempDir("gap-copy");
        Files.writeString(tree.resolve("org.example.Hostile.json"), INVALID_MANIFEST);
        Engine engine = engine(new ToolRunner());
        assertThrows(InvalidInputException.class, () -> engine.build(
                BuildSpec.fromDirectory(tree.toString(), "org.example.Hostile.json"), OutputSink.DISCARD, Cancellation.none()));
        BuildRecord failed = engine.records().list().get(0);
        assertEquals(BuildStatus.FAILED, failed.getStatus());
        assertFalse(Files.exists(engine.config().workRoot().resolve("builds").resolve(failed.getId())),
                "the refused build's copy of the sources is gone");
    }

    @Test
    void noRepositoryIsMadeInADirectoryOfOtherThings() throws Exception {
        Path dir = FlatpakTestEnv.tempDir("gap-not-a-repo");
        Files.writeString(dir.resolve("notes.txt"), "not a repository\n");
        assertThrows(FlatpakException.class, () -> new OstreeRepo(dir, new ToolRunner())
                .ensureExists(null, OutputSink.DISCARD, Cancellation.none()));
        assertFalse(Files.exists(dir.resolve("config")), "no repository was made in " + dir);
    }

    @Test
    void publishingIntoTheBuildRepoItselfIsRefused() {
        Engine engine = engine(new ToolRunner());
        String id = engine.createBuild(BuildSpec.fromDirectory(FlatpakTestEnv.sampleCopy("hello-yaml").toString(),
                "org.example.Hello.yml")).getId();
        for (BuildStatus s : new BuildStatus[] {BuildStatus.BUILDING, BuildStatus.BUILT, BuildStatus.COMMITTING,
            BuildStatus.COMMITTED}) {
            engine.records().transition(id, s, null);
        }
        assertThrows(InvalidInputException.class, () -> engine.publish(id,
                PublishTarget.simple("self", engine.config().buildRepo()), null, OutputSink.DISCARD, Cancellation.none()));
    }

    private static Engine engine(ToolRunner runner) {
        Path home = FlatpakTestEnv.tempDir("gap-home");
        return new Engine(new EngineConfig(home, home.resolve("build-repo"), home.resolve("work"), runner));
    }
}
