package io.jenkins.plugins.flatpak.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlatpakTestEnvTest {

    @Test
    void sampleCopyIsAFreshCopyOutsideTheProject() throws Exception {
        Path first = FlatpakTestEnv.sampleCopy("greeter-json");
        Path second = FlatpakTestEnv.sampleCopy("greeter-json");
        assertNotEquals(first, second);
        assertTrue(first.startsWith(FlatpakTestEnv.workDir()), first.toString());
        assertEquals(Files.readString(FlatpakTestEnv.sample("greeter-json").resolve("modules/greeter.json")),
                Files.readString(first.resolve("modules/greeter.json")));
        assertTrue(Files.isExecutable(first.resolve("modules/greeter.sh")), "file mode not kept");
    }

    @Test
    void gitSampleIsACleanRepositoryWithOneCommit() {
        Path repo = FlatpakTestEnv.gitSample("hello-yaml");
        ToolRunner git = new ToolRunner();
        List<String> log = git.capture(Command.of("git", "log", "--format=%an <%ae> %s").directory(repo),
                FlatpakTestEnv.TOOL_TIMEOUT, FlatpakTestEnv.LOG, null).output();
        assertEquals(List.of("Flatpak Test <flatpak-test@example.org> Import sample hello-yaml"), log);
        assertEquals(List.of(), git.capture(Command.of("git", "status", "--porcelain").directory(repo),
                FlatpakTestEnv.TOOL_TIMEOUT, FlatpakTestEnv.LOG, null).output());
        assertEquals(List.of("org.example.Hello.yml"), git.capture(Command.of("git", "ls-files").directory(repo),
                FlatpakTestEnv.TOOL_TIMEOUT, FlatpakTestEnv.LOG, null).output());
    }

    @Test
    void unknownOrEscapingSampleNamesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> FlatpakTestEnv.sampleCopy("no-such-sample"));
        assertThrows(IllegalArgumentException.class, () -> FlatpakTestEnv.sampleCopy("../src"));
    }
}
