package io.jenkins.plugins.flatpak.bench;

import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.repo.OstreeRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The correctness checks that go with a publish benchmark: {@code ostree fsck} is clean, and the summary,
 * read through an OSTree remote that requires it to be signed by the given public key (as the engine tests'
 * {@code SignedRepo} does), lists every published ref. Throws when a check fails.
 */
final class RepoCheck {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private RepoCheck() {}

    /** Returns a short description of what was checked, e.g. {@code fsck clean, signed summary lists 20/20 refs}. */
    static String check(Path repo, byte[] publicKey, Collection<String> refs, Path scratch) throws Exception {
        ToolRunner r = new ToolRunner();
        List<String> problems = new OstreeRepo(repo, r).fsck(null);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("ostree fsck of " + repo + " failed: " + problems);
        }
        Files.createDirectories(scratch);
        Path keyFile = scratch.resolve("key.gpg");
        Files.write(keyFile, publicKey);
        Path client = scratch.resolve("client");
        r.run(Command.of("ostree", "init").option("--repo", client.toString()).option("--mode", "archive-z2"),
                TIMEOUT, OutputSink.DISCARD, null);
        r.run(Command.of("ostree", "remote", "add").option("--repo", client.toString())
                .option("--set", "gpg-verify=true").option("--set", "gpg-verify-summary=true")
                .option("--gpg-import", keyFile.toString())
                .arg("origin").arg(repo.toUri().toString()), TIMEOUT, OutputSink.DISCARD, null);
        List<String> listed = new ArrayList<>();
        for (String line : r.capture(Command.of("ostree", "remote", "refs").option("--repo", client.toString())
                .arg("origin"), TIMEOUT, OutputSink.DISCARD, null).output()) {
            listed.add(line.trim().replaceFirst("^origin:", ""));
        }
        List<String> missing = new ArrayList<>(refs);
        missing.removeAll(listed);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the signed summary of " + repo + " lacks " + missing);
        }
        return "fsck clean, signed summary verified, lists " + refs.size() + "/" + refs.size() + " refs";
    }
}
