package io.jenkins.plugins.flatpak.jenkins.steps;

import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs step executions against test doubles, as Pipeline would, and checks published repositories as a client. */
final class StepHarness {
    static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);

    private StepHarness() {}

    /** The environment Pipeline would give the agent: here, the flatpak user installation with the test runtime. */
    static Map<String, String> agentEnvironment() {
        FlatpakTestEnv.runner();
        return Map.of("FLATPAK_USER_DIR", FlatpakTestEnv.userDir().toString());
    }

    static TestStepContext context(TestRun run, TestListener listener) {
        return new TestStepContext(run, listener, agentEnvironment());
    }

    /** Starts the execution like Pipeline does and waits for the step to complete. */
    static TestStepContext run(FlatpakStepExecution execution, TestStepContext context) throws Exception {
        if (execution.start()) {
            throw new AssertionError("the Flatpak steps must complete asynchronously, off the CPS thread");
        }
        return context.await(BUILD_TIMEOUT);
    }

    /** The execution written out and read back, as Pipeline's program state is across a controller restart. */
    @SuppressWarnings("unchecked")
    static <T extends FlatpakStepExecution> T restarted(T execution, StepServices services) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(execution);
        }
        T read;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            read = (T) in.readObject();
        }
        read.useServices(services);
        return read;
    }

    /** The commits of {@code ref} in {@code repo}, newest first ({@code ostree log}). */
    static List<String> history(Path repo, String ref) {
        List<String> commits = new ArrayList<>();
        for (String line : new ToolRunner().capture(Command.of("ostree", "log").option("--repo", repo.toString())
                .positional(ref), FlatpakTestEnv.TOOL_TIMEOUT, OutputSink.DISCARD, null).output()) {
            if (line.matches("commit [0-9a-f]{64}")) {
                commits.add(line.substring("commit ".length()));
            }
        }
        return commits;
    }

    /**
     * The refs in the summary of {@code repo}, read through an OSTree remote that requires the summary to be
     * signed by {@code publicKey}; throws when the signature does not verify.
     */
    static List<String> verifiedSummaryRefs(Path repo, byte[] publicKey) throws IOException {
        Path scratch = FlatpakTestEnv.tempDir("verify");
        Path keyFile = scratch.resolve("key.gpg");
        Files.write(keyFile, publicKey);
        Path client = scratch.resolve("client");
        ToolRunner r = new ToolRunner();
        r.run(Command.of("ostree", "init").option("--repo", client.toString()).option("--mode", "archive-z2"),
                FlatpakTestEnv.TOOL_TIMEOUT, OutputSink.DISCARD, null);
        r.run(Command.of("ostree", "remote", "add").option("--repo", client.toString())
                .option("--set", "gpg-verify=true").option("--set", "gpg-verify-summary=true")
                .option("--gpg-import", keyFile.toString())
                .arg("origin").arg(repo.toUri().toString()), FlatpakTestEnv.TOOL_TIMEOUT, OutputSink.DISCARD, null);
        List<String> refs = new ArrayList<>();
        for (String line : r.capture(Command.of("ostree", "remote", "refs").option("--repo", client.toString())
                .arg("origin"), FlatpakTestEnv.TOOL_TIMEOUT, FlatpakTestEnv.LOG, null).output()) {
            refs.add(line.trim().replaceFirst("^origin:", ""));
        }
        return refs;
    }
}
