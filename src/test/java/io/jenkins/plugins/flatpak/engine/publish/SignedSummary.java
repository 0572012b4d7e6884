package io.jenkins.plugins.flatpak.engine.publish;

import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The refs of a repository's summary as a client sees them: through a remote that requires a valid signature. */
final class SignedSummary {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private SignedSummary() {}

    /** Fails (ToolFailedException) when the summary is not signed by {@code publicKey}. */
    static List<String> refs(Path repo, byte[] publicKey) throws IOException {
        Path scratch = Files.createTempDirectory("signed-summary-");
        try {
            Path keyFile = scratch.resolve("key.gpg");
            Files.write(keyFile, publicKey);
            Path client = scratch.resolve("client");
            ToolRunner r = new ToolRunner();
            r.run(Command.of("ostree", "init").option("--repo", client.toString()).option("--mode", "archive-z2"),
                    TIMEOUT, OutputSink.DISCARD, null);
            r.run(Command.of("ostree", "remote", "add").option("--repo", client.toString())
                    .option("--set", "gpg-verify=true").option("--set", "gpg-verify-summary=true")
                    .option("--gpg-import", keyFile.toString())
                    .arg("origin").arg(repo.toUri().toString()), TIMEOUT, OutputSink.DISCARD, null);
            List<String> refs = new ArrayList<>();
            for (String line : r.capture(Command.of("ostree", "remote", "refs").option("--repo", client.toString())
                    .arg("origin"), TIMEOUT, OutputSink.DISCARD, null).output()) {
                refs.add(line.trim().replaceFirst("^origin:", ""));
            }
            return refs;
        } finally {
            io.jenkins.plugins.flatpak.engine.fs.Trees.delete(scratch);
        }
    }
}
