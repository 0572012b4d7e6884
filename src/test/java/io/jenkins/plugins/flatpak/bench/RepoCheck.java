package io.jenkins.plugins.flatpak.bench;

import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.repo.OstreeRepo;
import io.jenkins.plugins.flatpak.testing.SignedRepo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The correctness checks that go with a publish benchmark: {@code ostree fsck} is clean, and the summary,
 * read through an OSTree remote that requires it to be signed by the given public key (as the engine tests'
 * {@code SignedRepo}), lists every published ref. Throws when a check fails.
 */
final class RepoCheck {
    private RepoCheck() {}

    /** Returns a short description of what was checked, e.g. {@code fsck clean, signed summary lists 20/20 refs}. */
    static String check(Path repo, byte[] publicKey, Collection<String> refs) throws Exception {
        ToolRunner r = new ToolRunner();
        List<String> problems = new OstreeRepo(repo, r).fsck(null);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("ostree fsck of " + repo + " failed: " + problems);
        }
        List<String> listed = SignedRepo.verifiedSummaryRefs(repo, publicKey);
        List<String> missing = new ArrayList<>(refs);
        missing.removeAll(listed);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the signed summary of " + repo + " lacks " + missing);
        }
        return "fsck clean, signed summary verified, lists " + refs.size() + "/" + refs.size() + " refs";
    }
}
