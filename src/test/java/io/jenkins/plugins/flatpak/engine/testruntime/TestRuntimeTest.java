package io.jenkins.plugins.flatpak.engine.testruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TestRuntimeTest {

    @Test
    void platformAndSdkAreInstalledInTheTestUserInstallation() {
        ToolRunner runner = FlatpakTestEnv.runner();
        String arch = FlatpakTestEnv.arch();
        for (String id : List.of(TestRuntime.PLATFORM, TestRuntime.SDK)) {
            String info = runner.capture(Command.of("flatpak", "--user", "info").positional(id + "/" + arch + "/1.0"),
                    FlatpakTestEnv.TOOL_TIMEOUT, FlatpakTestEnv.LOG, null).text();
            assertTrue(info.contains("runtime/" + id + "/" + arch + "/1.0"), info);
            assertTrue(info.contains(TestRuntime.REMOTE), info);
        }
    }

    @Test
    void sdkHasTheToolsSimpleBuildCommandsUse() {
        String out = FlatpakTestEnv.runner().capture(Command.of("flatpak", "run", "--command=sh")
                .positional(TestRuntime.SDK + "//1.0").arg("-c")
                .arg("for t in sh install cp mkdir echo cat chmod ln sed ldconfig; do command -v $t; done;"
                        + " echo abc | sed s/b/B/; readlink /bin/sh"),
                FlatpakTestEnv.TOOL_TIMEOUT, FlatpakTestEnv.LOG, null).text();
        for (String tool : List.of("sh", "install", "cp", "mkdir", "cat", "chmod", "ln", "sed", "ldconfig")) {
            assertTrue(out.contains("/usr/bin/" + tool), tool + " missing:\n" + out);
        }
        assertTrue(out.contains("aBc"), out);
        assertTrue(out.contains("bash"), out);
    }

    @Test
    void secondCallReusesTheRepositoryAndInstallation() {
        ToolRunner runner = FlatpakTestEnv.runner();
        Path repo = TestRuntime.repository(FlatpakTestEnv.runtimeWorkDir());
        String before = commit(runner, repo, TestRuntime.PLATFORM);

        long start = System.nanoTime();
        TestRuntime.ensureInstalled(runner, FlatpakTestEnv.runtimeWorkDir(), FlatpakTestEnv.LOG);
        long installedMs = (System.nanoTime() - start) / 1_000_000;
        ToolRunner fresh = FlatpakTestEnv.isolatedRunner();
        long freshMs = (System.nanoTime() - start) / 1_000_000 - installedMs;
        System.out.printf("ensureInstalled: already installed %d ms, fresh user installation %d ms%n", installedMs,
                freshMs);

        assertEquals(before, commit(runner, repo, TestRuntime.PLATFORM), "the runtime was rebuilt");
        String freshInfo = fresh.capture(Command.of("flatpak", "--user", "info", "--show-commit")
                .positional(TestRuntime.PLATFORM + "/" + FlatpakTestEnv.arch() + "/1.0"),
                FlatpakTestEnv.TOOL_TIMEOUT, FlatpakTestEnv.LOG, null).text().trim();
        assertEquals(before, freshInfo);
    }

    /** Two JVMs starting on an empty work dir: both succeed, and the lock makes them build exactly once. */
    @Test
    void twoJvmsAtOnceBuildOnce() throws Exception {
        Path dir = FlatpakTestEnv.tempDir("two-jvms");
        Path work = dir.resolve("work");
        ToolRunner runner = new ToolRunner(Map.of("FLATPAK_USER_DIR", dir.resolve("user").toString()));
        Command jvm = Command.of(Path.of(System.getProperty("java.home"), "bin", "java").toString())
                .arg("-cp").arg(System.getProperty("java.class.path"))
                .arg(TestRuntime.class.getName()).positional(work.toString());

        CompletableFuture<?> first = CompletableFuture.runAsync(() -> runner.run(jvm, FlatpakTestEnv.TOOL_TIMEOUT,
                line -> FlatpakTestEnv.LOG.line("1: " + line), null));
        CompletableFuture<?> second = CompletableFuture.runAsync(() -> runner.run(jvm, FlatpakTestEnv.TOOL_TIMEOUT,
                line -> FlatpakTestEnv.LOG.line("2: " + line), null));
        first.get();
        second.get();

        for (String id : List.of(TestRuntime.PLATFORM, TestRuntime.SDK)) {
            List<String> log = runner.capture(Command.of("ostree", "log")
                    .option("--repo", TestRuntime.repository(work).toString())
                    .positional(TestRuntime.ref(id, FlatpakTestEnv.arch())),
                    FlatpakTestEnv.TOOL_TIMEOUT, FlatpakTestEnv.LOG, null).output();
            assertEquals(1, log.stream().filter(l -> l.startsWith("commit ")).count(), String.join("\n", log));
            assertFalse(runner.capture(Command.of("flatpak", "--user", "info", "--show-location")
                    .positional(id + "/" + FlatpakTestEnv.arch() + "/1.0"),
                    FlatpakTestEnv.TOOL_TIMEOUT, FlatpakTestEnv.LOG, null).output().isEmpty());
        }
    }

    @ParameterizedTest
    @CsvSource({
        "hello-yaml, org.example.Hello.yml, org.example.Hello, Hello from org.example.Hello",
        "greeter-json, org.example.Greeter.json, org.example.Greeter, Greetings from org.example.Greeter",
        "polyglot-locale, org.example.Polyglot.yml, org.example.Polyglot, Polyglot says hello",
    })
    void sampleBuildsInstallsAndRuns(String sample, String manifest, String appId, String expected) {
        ToolRunner runner = FlatpakTestEnv.isolatedRunner();
        String arch = FlatpakTestEnv.arch();
        Path source = FlatpakTestEnv.sampleCopy(sample);
        Path work = FlatpakTestEnv.tempDir("build-" + sample);
        Path repo = work.resolve("repo");

        long start = System.nanoTime();
        runner.run(Command.of("flatpak-builder", "--disable-rofiles-fuse").option("--repo", repo.toString())
                .option("--default-branch", "test")
                .positional(work.resolve("build").toString()).positional(source.resolve(manifest).toString())
                .directory(work), FlatpakTestEnv.TOOL_TIMEOUT, FlatpakTestEnv.LOG, null);
        long builtMs = (System.nanoTime() - start) / 1_000_000;

        List<String> refs = runner.capture(Command.of("ostree", "refs").option("--repo", repo.toString()),
                FlatpakTestEnv.TOOL_TIMEOUT, FlatpakTestEnv.LOG, null).output();
        assertTrue(refs.contains("app/" + appId + "/" + arch + "/test"), refs.toString());
        assertEquals(sample.equals("polyglot-locale"), refs.contains("runtime/" + appId + ".Locale/" + arch + "/test"),
                refs.toString());

        runner.run(Command.of("flatpak", "--user", "remote-add", "--no-gpg-verify")
                .positional("samples").positional(repo.toUri().toString()), FlatpakTestEnv.TOOL_TIMEOUT,
                FlatpakTestEnv.LOG, null);
        runner.run(Command.of("flatpak", "--user", "install", "--noninteractive", "-y")
                .positional("samples").positional(appId + "//test"), FlatpakTestEnv.TOOL_TIMEOUT,
                FlatpakTestEnv.LOG, null);
        List<String> out = runner.capture(Command.of("flatpak", "run").positional(appId + "//test"),
                FlatpakTestEnv.TOOL_TIMEOUT, FlatpakTestEnv.LOG, null).output();
        System.out.printf("%s: flatpak-builder %d ms, build to run %d ms%n", sample, builtMs,
                (System.nanoTime() - start) / 1_000_000);
        assertEquals(List.of(expected), out);
    }

    @Test
    void polyglotLocaleExtensionCarriesTheTranslations() throws Exception {
        ToolRunner runner = FlatpakTestEnv.isolatedRunner();
        Path source = FlatpakTestEnv.gitSample("polyglot-locale");
        Path work = FlatpakTestEnv.tempDir("build-polyglot-git");
        Path repo = work.resolve("repo");
        // Which parts of a Locale extension flatpak installs depends on the host's locale; ask for German.
        runner.run(Command.of("flatpak", "--user", "config", "--set", "languages", "de"),
                FlatpakTestEnv.TOOL_TIMEOUT, FlatpakTestEnv.LOG, null);
        runner.run(Command.of("flatpak-builder", "--disable-rofiles-fuse").option("--repo", repo.toString())
                .option("--default-branch", "test")
                .positional(work.resolve("build").toString())
                .positional(source.resolve("org.example.Polyglot.yml").toString())
                .directory(work), FlatpakTestEnv.TOOL_TIMEOUT, FlatpakTestEnv.LOG, null);
        runner.run(Command.of("flatpak", "--user", "remote-add", "--no-gpg-verify")
                .positional("samples").positional(repo.toUri().toString()), FlatpakTestEnv.TOOL_TIMEOUT,
                FlatpakTestEnv.LOG, null);
        runner.run(Command.of("flatpak", "--user", "install", "--noninteractive", "-y")
                .positional("samples").positional("org.example.Polyglot//test"), FlatpakTestEnv.TOOL_TIMEOUT,
                FlatpakTestEnv.LOG, null);

        Path locale = Path.of(runner.capture(Command.of("flatpak", "--user", "info", "--show-location")
                .positional("org.example.Polyglot.Locale/" + FlatpakTestEnv.arch() + "/test"),
                FlatpakTestEnv.TOOL_TIMEOUT, FlatpakTestEnv.LOG, null).text().trim());
        assertTrue(Files.isRegularFile(locale.resolve("files/de/share/de/LC_MESSAGES/org.example.Polyglot.txt")),
                "German catalog not in the Locale extension at " + locale);
        List<String> out = runner.capture(Command.of("flatpak", "run").positional("org.example.Polyglot//test")
                .positional("de"), FlatpakTestEnv.TOOL_TIMEOUT, FlatpakTestEnv.LOG, null).output();
        assertEquals(List.of("Polyglot says hello", "Polyglot sagt hallo"), out);
    }

    private static String commit(ToolRunner runner, Path repo, String id) {
        return runner.capture(Command.of("ostree", "rev-parse").option("--repo", repo.toString())
                .positional(TestRuntime.ref(id, FlatpakTestEnv.arch())), FlatpakTestEnv.TOOL_TIMEOUT,
                FlatpakTestEnv.LOG, null).text().trim();
    }
}
