package io.jenkins.plugins.flatpak.engine;

import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Checks a published repository the way a client sees it: through a remote that verifies GPG signatures. */
final class SignedRepo {
    private SignedRepo() {}

    /**
     * The refs of {@code repo}'s summary, read through an OSTree remote that requires the summary to be
     * signed by {@code publicKey}. Fails (ToolFailedException) when the signature does not verify.
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

    /** Pulls one ref through the verifying remote made by {@link #verifiedSummaryRefs}: commit signatures too. */
    static void verifiedPull(Path repo, byte[] publicKey, String ref) throws IOException {
        Path scratch = FlatpakTestEnv.tempDir("pull");
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
        r.run(Command.of("ostree", "pull").option("--repo", client.toString()).arg("origin").arg(ref),
                FlatpakTestEnv.TOOL_TIMEOUT, FlatpakTestEnv.LOG, null);
    }
}
