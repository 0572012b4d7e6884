package io.jenkins.plugins.flatpak.testing;

import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Checks a published repository the way a client sees it: through an OSTree remote that verifies GPG signatures. */
public final class SignedRepo {
    private final ToolRunner runner = new ToolRunner();
    private final Path client;

    private SignedRepo(Path repo, byte[] publicKey) throws IOException {
        Path scratch = FlatpakTestEnv.tempDir("verify");
        Path keyFile = scratch.resolve("key.gpg");
        Files.write(keyFile, publicKey);
        client = scratch.resolve("client");
        runner.run(Command.of("ostree", "init").option("--repo", client.toString()).option("--mode", "archive-z2"),
                FlatpakTestEnv.TOOL_TIMEOUT, OutputSink.DISCARD, null);
        runner.run(Command.of("ostree", "remote", "add").option("--repo", client.toString())
                .option("--set", "gpg-verify=true").option("--set", "gpg-verify-summary=true")
                .option("--gpg-import", keyFile.toString())
                .arg("origin").arg(repo.toUri().toString()), FlatpakTestEnv.TOOL_TIMEOUT, OutputSink.DISCARD, null);
    }

    /**
     * The refs of {@code repo}'s summary, read through a remote that requires the summary to be signed by
     * {@code publicKey}. Fails (ToolFailedException) when the signature does not verify.
     */
    public static List<String> verifiedSummaryRefs(Path repo, byte[] publicKey) throws IOException {
        SignedRepo c = new SignedRepo(repo, publicKey);
        List<String> refs = new ArrayList<>();
        for (String line : c.runner.capture(Command.of("ostree", "remote", "refs")
                .option("--repo", c.client.toString()).arg("origin"), FlatpakTestEnv.TOOL_TIMEOUT,
                FlatpakTestEnv.LOG, null).output()) {
            refs.add(line.trim().replaceFirst("^origin:", ""));
        }
        return refs;
    }

    /** Pulls one ref through such a remote, which verifies the commit's signature too. */
    public static void verifiedPull(Path repo, byte[] publicKey, String ref) throws IOException {
        SignedRepo c = new SignedRepo(repo, publicKey);
        c.runner.run(Command.of("ostree", "pull").option("--repo", c.client.toString()).arg("origin").arg(ref),
                FlatpakTestEnv.TOOL_TIMEOUT, FlatpakTestEnv.LOG, null);
    }
}
