package io.jenkins.plugins.flatpak.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged runner, as a newcomer runs it: {@code java -jar target/flatpak-pipeline.jar demo}. */
class RunnerJarIT {
    @Test
    void demoBuildsPublishesInstallsAndRunsTheSampleApp() throws Exception {
        Path jar = Path.of(System.getProperty("flatpak.runner.jar", "target/flatpak-pipeline.jar"));
        assertTrue(Files.isRegularFile(jar), "built runner jar at " + jar);
        Path home = FlatpakTestEnv.tempDir("demo-home");
        Path userDir = FlatpakTestEnv.tempDir("demo-flatpak-user");
        Path stdout = home.resolve("stdout.txt");
        Path stderr = home.resolve("stderr.txt");
        ProcessBuilder pb = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toAbsolutePath().toString(), "--home", home.toString(), "demo"));
        pb.directory(FlatpakTestEnv.projectDir().toFile());
        pb.environment().put("FLATPAK_USER_DIR", userDir.toString());
        pb.redirectOutput(stdout.toFile());
        pb.redirectError(stderr.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "demo finished");
        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        String err = Files.readString(stderr, StandardCharsets.UTF_8);
        System.out.println(out);
        assertEquals(0, p.exitValue(), err);
        assertTrue(out.contains("app says: Hello from org.example.Hello"), out);

        // The demo's build is recorded as published, and its repository holds the app under a signed summary.
        String list = new String(new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toAbsolutePath().toString(), "--home", home.toString(), "list"))
                .redirectErrorStream(true).start().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(list.contains("published") && list.contains("org.example.Hello"), list);
        assertTrue(Files.exists(home.resolve("demo").resolve("repos").resolve("stable").resolve("summary.sig")));
        assertTrue(new File(home.resolve("demo").resolve("repos").toFile(), "stable.flatpakrepo").isFile());
    }
}
