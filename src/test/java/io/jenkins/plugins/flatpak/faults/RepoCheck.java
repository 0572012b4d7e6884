package io.jenkins.plugins.flatpak.faults;

import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolFailedException;
import io.jenkins.plugins.flatpak.engine.exec.ToolResult;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.repo.OstreeRepo;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Everything a client relies on in a published repository, checked with the real tools, as a list of problems
 * (empty when the repository is consistent):
 * <ol>
 *   <li>{@code ostree fsck} is clean;</li>
 *   <li>the classic summary verifies against the public key ({@code ostree remote summary} through a remote
 *       with {@code gpg-verify-summary=true}) and lists every ref of the repository at its current commit, and
 *       nothing else;</li>
 *   <li>flatpak 1.14 writes a summary index as well ({@code summary.idx}, signed in {@code summary.idx.sig},
 *       pointing at {@code summaries/<sha256>.gz}, see flatpak's doc/flatpak-summaries.txt): a flatpak client
 *       with a fresh installation and signature verification on lists the repository through it
 *       ({@code flatpak remote-ls}, which verifies the index signature and the sub-summary's checksum and says
 *       which sub-summary it fetched), and lists every app and runtime ref at its commit;</li>
 *   <li>that sub-summary's uncompressed content has the checksum it is named after, and lists exactly the
 *       repository's refs at their commits (read by {@code ostree summary --view});</li>
 *   <li>every other {@code summaries/<sha256>.gz} kept as history also has the checksum it is named after.</li>
 * </ol>
 */
final class RepoCheck {
    private static final Pattern REF_LINE = Pattern.compile("^\\* (\\S+)$");
    private static final Pattern COMMIT_LINE = Pattern.compile("^\\s+([0-9a-f]{64})$");
    private static final Pattern FETCHED = Pattern.compile("Fetching indexed summary file ([0-9a-f]{64})\\.gz");
    private static final Pattern GZ = Pattern.compile("^([0-9a-f]{64})\\.gz$");

    private final ToolRunner runner = new ToolRunner();
    private final Path repo;
    private final byte[] publicKey;
    final List<String> problems = new ArrayList<>();
    /** ref to commit, as the repository's refs say. */
    Map<String, String> refs = Map.of();
    /** ref to commit, as the verified classic summary says. */
    Map<String, String> summary = Map.of();
    /** ref to commit, as the sub-summary the index points at says. */
    Map<String, String> indexed = Map.of();
    /** The classic summary has a good signature of the key. */
    boolean summarySigned;
    /** A flatpak client verified the index signature and read the sub-summary it names, whose checksum matches. */
    boolean indexVerified;

    private RepoCheck(Path repo, byte[] publicKey) {
        this.repo = repo;
        this.publicKey = publicKey.clone();
    }

    static RepoCheck of(Path repo, byte[] publicKey) {
        RepoCheck c = new RepoCheck(repo, publicKey);
        c.run();
        return c;
    }

    /** Only {@code ostree fsck}: what holds at every moment, even while a summary is being rewritten. */
    static List<String> fsck(Path repo) {
        return new OstreeRepo(repo, new ToolRunner()).fsck(null);
    }

    boolean consistent() {
        return problems.isEmpty();
    }

    @Override
    public String toString() {
        return problems.isEmpty() ? "consistent: " + refs.size() + " refs" : String.join("\n", problems);
    }

    private void run() {
        problems.addAll(fsck(repo));
        refs = new TreeMap<>(new OstreeRepo(repo, runner).refs(null));
        try {
            Path scratch = FlatpakTestEnv.tempDir("repo-check");
            Path keyFile = scratch.resolve("key.gpg");
            Files.write(keyFile, publicKey);
            checkClassicSummary(scratch, keyFile);
            checkIndex(scratch, keyFile);
            checkHistory();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void checkClassicSummary(Path scratch, Path keyFile) {
        Path client = scratch.resolve("ostree-client");
        runner.run(Command.of("ostree", "init").option("--repo", client.toString()).option("--mode", "archive-z2"),
                FlatpakTestEnv.TOOL_TIMEOUT, OutputSink.DISCARD, null);
        runner.run(Command.of("ostree", "remote", "add").option("--repo", client.toString())
                .option("--set", "gpg-verify=true").option("--set", "gpg-verify-summary=true")
                .option("--gpg-import", keyFile.toString())
                .positional("origin").positional(repo.toUri().toString()), FlatpakTestEnv.TOOL_TIMEOUT,
                OutputSink.DISCARD, null);
        try {
            ToolResult r = runner.capture(Command.of("ostree", "remote", "summary")
                    .option("--repo", client.toString()).arg("origin"), FlatpakTestEnv.TOOL_TIMEOUT,
                    OutputSink.DISCARD, null);
            summarySigned = r.output().stream().anyMatch(l -> l.contains("Good signature"));
            if (!summarySigned) {
                problems.add("the summary has no good signature: " + r.output());
            }
            summary = parseRefs(r.output());
            if (!summary.equals(refs)) {
                problems.add("the signed summary lists " + summary + " but the repository's refs are " + refs);
            }
        } catch (ToolFailedException e) {
            problems.add("the signed summary does not verify: " + e.tail());
        }
    }

    private void checkIndex(Path scratch, Path keyFile) throws IOException {
        if (!Files.isRegularFile(repo.resolve("summary.idx")) || !Files.isRegularFile(repo.resolve("summary.idx.sig"))) {
            problems.add("no signed summary index (summary.idx, summary.idx.sig)");
            return;
        }
        ToolRunner client = new ToolRunner(Map.of("FLATPAK_USER_DIR", scratch.resolve("flatpak-client").toString()));
        client.run(Command.of("flatpak", "--user", "remote-add").option("--gpg-import", keyFile.toString())
                .endOfOptions().arg("checked").arg(repo.toUri().toString()),
                FlatpakTestEnv.TOOL_TIMEOUT, OutputSink.DISCARD, null);
        List<String> debug = Collections.synchronizedList(new ArrayList<>());
        ToolResult listed;
        try {
            listed = client.capture(Command.of("flatpak", "--user", "-vv", "remote-ls", "--all")
                    .option("--columns", "ref,commit").endOfOptions().arg("checked"),
                    FlatpakTestEnv.TOOL_TIMEOUT, debug::add, null);
        } catch (ToolFailedException e) {
            problems.add("a flatpak client cannot list the repository through its signed index: " + e.tail());
            return;
        }
        String digest = null;
        for (String line : debug) {
            Matcher m = FETCHED.matcher(line);
            if (m.find()) {
                digest = m.group(1);
            }
        }
        if (digest == null) {
            problems.add("the flatpak client did not read the summary index: " + debug);
            return;
        }
        Map<String, String> clientRefs = new TreeMap<>();
        for (String line : listed.output()) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 2) {
                clientRefs.put(f[0], f[1]);
            }
        }
        for (Map.Entry<String, String> e : refs.entrySet()) {
            boolean flatpakRef = e.getKey().startsWith("app/") || e.getKey().startsWith("runtime/");
            String shown = clientRefs.get(e.getKey());
            if (flatpakRef && (shown == null || !e.getValue().startsWith(shown))) {
                problems.add("through the index, a client sees " + e.getKey() + " at " + shown + ", the repository has "
                        + e.getValue());
            }
        }
        Path gz = repo.resolve("summaries").resolve(digest + ".gz");
        byte[] content = gunzip(gz);
        indexVerified = sha256(content).equals(digest);
        if (!indexVerified) {
            problems.add(gz + " does not have the checksum it is named after");
        }
        Path view = scratch.resolve("sub-summary");
        runner.run(Command.of("ostree", "init").option("--repo", view.toString()).option("--mode", "archive-z2"),
                FlatpakTestEnv.TOOL_TIMEOUT, OutputSink.DISCARD, null);
        Files.write(view.resolve("summary"), content);
        indexed = parseRefs(runner.capture(Command.of("ostree", "summary").option("--repo", view.toString())
                .arg("--view"), FlatpakTestEnv.TOOL_TIMEOUT, OutputSink.DISCARD, null).output());
        if (!indexed.equals(refs)) {
            problems.add("the indexed sub-summary " + digest + " lists " + indexed + " but the repository's refs are "
                    + refs);
        }
    }

    private void checkHistory() throws IOException {
        Path dir = repo.resolve("summaries");
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Matcher m = GZ.matcher(f.getFileName().toString());
                if (m.matches() && !sha256(gunzip(f)).equals(m.group(1))) {
                    problems.add(f + " does not have the checksum it is named after");
                }
            }
        }
    }

    /** {@code * <ref>} followed by a commit line, as {@code ostree summary --view} and {@code remote summary} print. */
    static Map<String, String> parseRefs(List<String> lines) {
        Map<String, String> out = new TreeMap<>();
        String ref = null;
        for (String line : lines) {
            Matcher r = REF_LINE.matcher(line);
            Matcher c = COMMIT_LINE.matcher(line);
            if (r.matches()) {
                ref = r.group(1);
            } else if (c.matches() && ref != null) {
                out.put(ref, c.group(1));
                ref = null;
            }
        }
        return out;
    }

    /** The commits of a ref, newest first ({@code ostree log}). */
    static List<String> history(Path repo, String ref) {
        List<String> commits = new ArrayList<>();
        Pattern commit = Pattern.compile("^commit ([0-9a-f]{64})$");
        for (String line : new ToolRunner().capture(Command.of("ostree", "log").option("--repo", repo.toString())
                .positional(ref), FlatpakTestEnv.TOOL_TIMEOUT, OutputSink.DISCARD, null).output()) {
            Matcher m = commit.matcher(line.trim());
            if (m.matches()) {
                commits.add(m.group(1));
            }
        }
        return commits;
    }

    /** The subject of each commit of a ref, newest first ({@code ostree log}; build-commit-from keeps subjects). */
    static List<String> subjects(Path repo, String ref) {
        List<String> subjects = new ArrayList<>();
        boolean inCommit = false;
        for (String line : new ToolRunner().capture(Command.of("ostree", "log").option("--repo", repo.toString())
                .positional(ref), FlatpakTestEnv.TOOL_TIMEOUT, OutputSink.DISCARD, null).output()) {
            if (line.startsWith("commit ")) {
                inCommit = true;
            } else if (inCommit && line.startsWith("    ") && !line.isBlank()) {
                subjects.add(line.trim());
                inCommit = false;
            }
        }
        return subjects;
    }

    /** The text a file of a commit holds ({@code ostree cat}). */
    static String cat(Path repo, String commit, String file) {
        return new OstreeRepo(repo, new ToolRunner()).cat(commit, file, null);
    }

    private static byte[] gunzip(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
