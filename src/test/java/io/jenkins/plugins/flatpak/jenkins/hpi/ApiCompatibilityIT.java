package io.jenkins.plugins.flatpak.jenkins.hpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shared binary-compatibility check ({@code ../shared/jenkins-api/check}) over the built .hpi: every use of
 * the Jenkins API must exist, with the same descriptor and kind, in each of its references (Jenkins 2.516.2 with
 * the baseline's plugin versions, 2.541.3 and 2.568.2). The check lives beside the repository, not in it: on a
 * clone of the repository alone it is absent and this test is skipped, saying so; {@code .ci/run} runs the check
 * itself after the tests, so CI never skips it.
 */
class ApiCompatibilityIT {
    static Path check() {
        String projectDir = System.getProperty("flatpak.project.dir", "");
        return Path.of(projectDir).toAbsolutePath().resolve("../shared/jenkins-api/check").normalize();
    }

    @Test
    void theHpiLinksAgainstTheRealJenkinsApi() throws IOException, InterruptedException {
        Path check = check();
        assumeTrue(Files.isExecutable(check), "skipped: the binary-compatibility check is not beside this clone (no "
                + check + "); it needs the Jenkins API references of ../shared, and .ci/run runs it there");
        Process p = new ProcessBuilder(check.toString(), PluginArchive.hpi().toString()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the check did not finish");
        System.out.println(output);
        List<String> lines = output.lines().filter(l -> l.matches("\\d+ references checked, \\d+ problems")).toList();
        assertEquals(1, lines.size(), "no summary line in:\n" + output);
        assertTrue(lines.get(0).endsWith(", 0 problems"), output);
        assertEquals(0, p.exitValue(), output);
    }
}
