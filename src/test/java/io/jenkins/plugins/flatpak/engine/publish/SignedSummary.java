package io.jenkins.plugins.flatpak.engine.publish;

import io.jenkins.plugins.flatpak.testing.SignedRepo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The refs of a repository's summary as a client sees them: through a remote that requires a valid signature. */
final class SignedSummary {
    private SignedSummary() {}

    /** Fails (ToolFailedException) when the summary is not signed by {@code publicKey}. */
    static List<String> refs(Path repo, byte[] publicKey) throws IOException {
        return SignedRepo.verifiedSummaryRefs(repo, publicKey);
    }
}
