package io.jenkins.plugins.flatpak.engine.repo;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolResult;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.lock.PathLock;
import io.jenkins.plugins.flatpak.engine.transfer.ObjectNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Read access to an OSTree repository through the {@code ostree} tool, and its metadata writer lock.
 * Not every ostree subcommand honours {@code --}, so positional values go through
 * {@link Command#positional}, which refuses anything that could be read as an option.
 */
public final class OstreeRepo {
    private static final Duration QUICK = Duration.ofMinutes(5);

    private final Path path;
    private final ToolRunner runner;

    public OstreeRepo(Path path, ToolRunner runner) {
        this.path = path.toAbsolutePath().normalize();
        this.runner = runner;
    }

    public Path path() {
        return path;
    }

    public boolean exists() {
        return Files.isRegularFile(path.resolve("config")) && Files.isDirectory(path.resolve("objects"));
    }

    /** Creates an archive-mode repository unless one is there already. Call under {@link #lock()}. */
    public void ensureExists(String collectionId, OutputSink log, Cancellation cancel) {
        if (exists()) {
            return;
        }
        try (java.util.stream.Stream<Path> entries = Files.isDirectory(path) ? Files.list(path) : java.util.stream.Stream.empty()) {
            if (entries.findAny().isPresent()) {
                throw new FlatpakException("refusing to create a repository in " + path
                        + ": the directory holds other files and is not an OSTree repository");
            }
        } catch (java.io.IOException e) {
            throw new FlatpakException("cannot read " + path + ": " + e.getMessage(), e);
        }
        try {
            Files.createDirectories(path);
        } catch (java.io.IOException e) {
            throw new FlatpakException("cannot create repository directory " + path + ": " + e.getMessage(), e);
        }
        Command init = ostree("init").option("--mode", "archive-z2");
        if (collectionId != null) {
            init.option("--collection-id", collectionId);
        }
        runner.run(init, QUICK, log, cancel);
        // Application-side timeouts instead of ostree's 30 s repo lock timeout (see flatpak-facts.md).
        runner.run(ostree("config").arg("set").endOfOptions().arg("core.lock-timeout-secs").arg("-1"), QUICK, log,
                cancel);
    }

    /** The one-writer lock for this repository's refs and metadata, between threads and processes. */
    public PathLock lock() {
        return PathLock.acquire(path.resolveSibling("." + path.getFileName() + ".lock"));
    }

    /** Every ref with its commit. */
    public Map<String, String> refs(Cancellation cancel) {
        ToolResult r = runner.capture(ostree("refs"), QUICK, OutputSink.DISCARD, cancel);
        Map<String, String> out = new LinkedHashMap<>();
        for (String ref : r.output()) {
            String name = ref.trim();
            if (!name.isEmpty()) {
                out.put(name, revParse(name, cancel));
            }
        }
        return out;
    }

    /** The commit a ref points at, or null when there is no such ref. */
    public String revParse(String ref, Cancellation cancel) {
        ToolResult r = runner.captureAccepting(ostree("rev-parse").positional(ref), QUICK,
                OutputSink.DISCARD, cancel, Set.of(0, 1));
        return r.exitCode() == 0 && !r.output().isEmpty() ? r.output().get(0).trim() : null;
    }

    /** The text of a file inside a commit, e.g. {@code /metadata}. */
    public String cat(String commit, String file, Cancellation cancel) {
        return runner.capture(ostree("cat").positional(commit).positional(file), QUICK, OutputSink.DISCARD, cancel)
                .text();
    }

    /** Points {@code ref} at {@code commit}, creating or moving it. */
    public void setRef(String ref, String commit, OutputSink log, Cancellation cancel) {
        runner.run(ostree("reset").positional(ref).positional(commit), QUICK, log, cancel);
    }

    /** Points {@code ref} at {@code commit}, creating it or replacing what it pointed at. */
    public void createRef(String ref, String commit, OutputSink log, Cancellation cancel) {
        runner.run(ostree("refs").arg("--force").option("--create", ref).positional(commit), QUICK, log, cancel);
    }

    public void deleteRefs(List<String> refs, OutputSink log, Cancellation cancel) {
        if (refs.isEmpty()) {
            return;
        }
        Command c = ostree("refs").arg("--delete");
        refs.forEach(c::positional);
        runner.run(c, QUICK, log, cancel);
    }

    /** Whether the repository holds the loose object {@code <sha256>.<type>} (see {@link ObjectNames}). */
    public boolean hasObject(String name) {
        return Files.isRegularFile(path.resolve(ObjectNames.relativePath(name)));
    }

    /**
     * The root of a commit's tree as {@code <dirtree checksum> <dirmeta checksum>}: two commits with the same
     * value have exactly the same content.
     */
    public String rootTree(String commit, Cancellation cancel) {
        String line = runner.capture(ostree("ls").arg("-C").arg("-d").positional(commit).positional("/"), QUICK,
                OutputSink.DISCARD, cancel).output().get(0).trim();
        String[] f = line.split("\\s+");
        if (f.length < 7) {
            throw new FlatpakException("unexpected output of ostree ls for " + commit + ": " + line);
        }
        return f[4] + " " + f[5];
    }

    /** Deletes every object no ref reaches ({@code ostree prune --refs-only}). Call under the writer lock. */
    public void pruneUnreferenced(OutputSink log, Cancellation cancel) {
        runner.run(ostree("prune").arg("--refs-only"), Duration.ofMinutes(30), log, cancel);
    }

    /** {@code ostree fsck}: the problems it reports, empty when the repository is consistent. */
    public List<String> fsck(Cancellation cancel) {
        ToolResult r = runner.captureAccepting(ostree("fsck"), Duration.ofMinutes(30), OutputSink.DISCARD, cancel,
                Set.of(0, 1));
        List<String> problems = new ArrayList<>();
        if (r.exitCode() != 0) {
            problems.add("ostree fsck exited " + r.exitCode());
            problems.addAll(r.tail());
        }
        return problems;
    }

    public Command ostree(String subcommand) {
        return Command.of("ostree", subcommand).option("--repo", path.toString());
    }
}
