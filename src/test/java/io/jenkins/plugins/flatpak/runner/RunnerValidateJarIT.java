package io.jenkins.plugins.flatpak.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged runner, as the README shows it: {@code java -jar target/flatpak-pipeline.jar validate --manifest ...}. */
class RunnerValidateJarIT {
    @Test
    void validatePrintsWhatItReadFromTheHelloSample() throws Exception {
        Path jar = Path.of(System.getProperty("flatpak.runner.jar", "target/flatpak-pipeline.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "built runner jar at " + jar);
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "validate", "--manifest", "test-repos/hello-yaml/org.example.Hello.yml"))
                .directory(FlatpakTestEnv.projectDir().toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        System.out.println(out);
        assertEquals(0, p.exitValue(), out);
        for (String line : List.of("verdict:  accepted", "id:       org.example.Hello (app)",
                "runtime:  io.jenkins.flatpak.test.Platform//1.0", "sdk:      io.jenkins.flatpak.test.Sdk//1.0",
                "command:  hello", "  - hello (simple)", "  x86_64: hello", "warnings: none")) {
            assertTrue(out.contains(line + "\n"), line + " in\n" + out);
        }
    }
}
