package io.jenkins.plugins.flatpak.engine.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.Engine;
import io.jenkins.plugins.flatpak.engine.EngineConfig;
import io.jenkins.plugins.flatpak.engine.exec.ToolFailedException;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A build record carries the app id, arch and branch as soon as the manifest was read (the requested values before
 * that), whatever happens after: a build that fails in flatpak-builder is still found by its app id. And a failed
 * build leaves nothing of itself under the work root.
 */
class BuildNamesTest {
    @Test
    void aBuildThatFailsAfterItsManifestWasReadRecordsWhatItNames() throws Exception {
        Path dir = FlatpakTestEnv.sampleCopy("hello-yaml");
        Files.writeString(dir.resolve("org.example.Hello.yml"), "app-id: org.example.Hello\n"
                + "runtime: io.jenkins.flatpak.test.Platform\nruntime-version: '1.0'\n"
                + "sdk: io.jenkins.flatpak.test.Sdk\ncommand: hello\ndefault-branch: edge\nfinish-args: --share=ipc\n"
                + "modules:\n"
                + "  - name: hello\n    buildsystem: simple\n    build-commands:\n      - exit 7\n");
        Path home = FlatpakTestEnv.tempDir("names");
        Engine engine = new Engine(EngineConfig.inHome(home, FlatpakTestEnv.runner()));
        assertThrows(ToolFailedException.class, () -> engine.build(BuildSpec.fromDirectory(dir.toString(), null),
                FlatpakTestEnv.LOG, null));

        BuildRecord r = engine.records().list().get(0);
        assertEquals(BuildStatus.FAILED, r.getStatus());
        assertEquals("org.example.Hello", r.getAppId());
        assertEquals(FlatpakTestEnv.arch(), r.getArch());
        assertEquals("edge", r.getBranch());
        assertEquals("org.example.Hello.yml", r.getManifest());
        Path builds = engine.config().workRoot().resolve("builds");
        assertFalse(Files.exists(builds.resolve(r.getId())), "the failed build's directory is removed");
        String log = Files.readString(engine.records().logFile(r.getId(), "build"));
        assertTrue(log.contains("[flatpak] warning: org.example.Hello.yml: finish-args"), "the build log shows what"
                + " flatpak-builder ignores (finish-args given as a string): " + log);
    }

    @Test
    void aBuildRefusedBeforeItsManifestWasReadKeepsTheRequestedNames() throws Exception {
        Path dir = FlatpakTestEnv.sampleCopy("hello-yaml");
        Path home = FlatpakTestEnv.tempDir("names");
        Engine engine = new Engine(EngineConfig.inHome(home, FlatpakTestEnv.runner()));
        BuildSpec spec = BuildSpec.fromDirectory(dir.toString(), "missing.yml").withAppId("org.example.Wanted")
                .withArch(FlatpakTestEnv.arch()).withBranch("beta");
        assertThrows(RuntimeException.class, () -> engine.build(spec, FlatpakTestEnv.LOG, null));
        BuildRecord r = engine.records().list().get(0);
        assertEquals(BuildStatus.FAILED, r.getStatus());
        assertEquals("org.example.Wanted", r.getAppId());
        assertEquals(FlatpakTestEnv.arch(), r.getArch());
        assertEquals("beta", r.getBranch());
    }
}
