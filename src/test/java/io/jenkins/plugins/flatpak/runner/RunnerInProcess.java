package io.jenkins.plugins.flatpak.runner;

import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The runner's {@code Main.run} for tests in other packages: exit status and both output streams. */
public final class RunnerInProcess {
    public record Result(int status, String out, String err) {
        /** The last line of standard output (where {@code build} prints the build id). */
        public String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    private RunnerInProcess() {}

    public static Result run(List<String> argv, Cancellation cancel) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), cancel);
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    public static Result run(List<String> argv) {
        return run(argv, new Cancellation());
    }
}
