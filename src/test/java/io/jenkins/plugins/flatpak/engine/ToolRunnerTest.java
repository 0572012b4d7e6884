package io.jenkins.plugins.flatpak.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.CancelledException;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.ToolFailedException;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.exec.ToolTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolRunnerTest {
    private final ToolRunner runner = new ToolRunner();

    @Test
    void streamsLinesAndMasksSecrets() {
        List<String> lines = new ArrayList<>();
        runner.run(Command.of("sh", "-c", "echo one; echo s3cr3t-value >&2; echo three").secret("s3cr3t-value"),
                Duration.ofSeconds(30), lines::add, null);
        assertEquals(List.of("one", "****", "three").size(), lines.size());
        assertTrue(lines.contains("****"));
        assertFalse(String.join("\n", lines).contains("s3cr3t-value"));
    }

    @Test
    void failureCarriesMaskedCommandExitCodeAndTail() {
        ToolFailedException e = assertThrows(ToolFailedException.class, () -> runner.run(
                Command.of("sh", "-c", "echo last words; exit 7", "token-abc").secret("token-abc"),
                Duration.ofSeconds(30), null, null));
        assertEquals(7, e.exitCode());
        assertEquals(List.of("last words"), e.tail());
        assertFalse(e.getMessage().contains("token-abc"));
        assertTrue(e.command().contains("****"));
    }

    @Test
    void valuesStayAttachedAndPositionalsCannotBecomeOptions() {
        Command c = Command.of("flatpak").option("--default-branch", "-rf");
        assertEquals(List.of("flatpak", "--default-branch=-rf"), c.args());
        assertThrows(IllegalArgumentException.class, () -> Command.of("git").positional("--upload-pack=x"));
        assertEquals("--upload-pack=x", Command.of("git").endOfOptions().positional("--upload-pack=x").args().get(2));
    }

    @Test
    void stdinCarriesInputWithoutACommandLine() {
        List<String> out = runner.capture(Command.of("cat").stdin("piped secret".getBytes(StandardCharsets.UTF_8)),
                Duration.ofSeconds(30), null, null).output();
        assertEquals(List.of("piped secret"), out);
    }

    @Test
    void timeoutKillsTheWholeTreeIncludingChildrenThatIgnoreTerm() throws Exception {
        String marker = "tree-" + System.nanoTime();
        long start = System.nanoTime();
        ToolTimeoutException e = assertThrows(ToolTimeoutException.class, () -> runner.run(
                Command.of("sh", "-c", "trap '' TERM; (trap '' TERM; sleep 600; echo " + marker + ") & sleep 600 & wait"),
                Duration.ofSeconds(1), null, null));
        assertTrue(e.getMessage().contains("timed out after 1 s"), e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 20);
        Thread.sleep(200);
        assertFalse(ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine()
                .map(c -> c.contains(marker)).orElse(false)), "no process of the tree survives");
    }

    @Test
    void cancelStopsARunningTool() throws Exception {
        Cancellation cancel = new Cancellation();
        new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            cancel.cancel("stop now");
        }).start();
        long start = System.nanoTime();
        CancelledException e = assertThrows(CancelledException.class,
                () -> runner.run(Command.of("sleep", "120"), Duration.ofMinutes(5), null, cancel));
        assertTrue(e.getMessage().contains("stop now"));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10);
    }
}
