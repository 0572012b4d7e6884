package io.jenkins.plugins.flatpak.engine.repo;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.Names;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolResult;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.lock.PathLock;
import io.jenkins.plugins.flatpak.engine.transfer.ObjectNames;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Access to an OSTree repository through the {@code ostree} tool, and its metadata writer lock.
 * Not every ostree subcommand honours {@code --}, so positional values go through
 * {@link Command#positional}, which refuses anything that could be read as an option.
 *
 * <p>What is cheap to do on the repository's files directly is done there, because every ostree process costs
 * 30-90 ms on a busy machine before it does anything: reading and writing refs ({@link #localRef},
 * {@link #localRefs}, {@link #writeRef}), the lock timeout of a new repository, and the root files of a commit in
 * an archive-mode repository ({@link #catRootFile}).
 */
public final class OstreeRepo {
    private static final Duration QUICK = Duration.ofMinutes(5);
    private static final Pattern CHECKSUM = Pattern.compile("[0-9a-f]{64}");
    static final String LOCK_TIMEOUT_KEY = "lock-timeout-secs";

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
        // Application-side timeouts instead of ostree's 30 s repo lock timeout (see flatpak-facts.md). Written into
        // the config ostree init just made, as `ostree config set` would, without a process of its own.
        setCoreConfig(LOCK_TIMEOUT_KEY, "-1");
    }

    /**
     * Sets a key of the {@code [core]} group in the repository's config (a GKeyFile), replacing the file
     * atomically. Only for a repository this process has just created and holds the writer lock of: there is no
     * merge with concurrent writers.
     */
    void setCoreConfig(String key, String value) {
        Path config = path.resolve("config");
        List<String> lines;
        try {
            lines = new ArrayList<>(Files.readAllLines(config, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new FlatpakException("cannot read " + config + ": " + e.getMessage(), e);
        }
        int core = lines.indexOf("[core]");
        if (core < 0) {
            throw new FlatpakException(config + " has no [core] group");
        }
        int end = core + 1;
        while (end < lines.size() && !lines.get(end).startsWith("[")) {
            end++;
        }
        boolean replaced = false;
        for (int i = core + 1; i < end; i++) {
            if (lines.get(i).startsWith(key + "=")) {
                lines.set(i, key + "=" + value);
                replaced = true;
            }
        }
        if (!replaced) {
            // after the group's last key, before any blank lines that separate it from the next group
            int at = end;
            while (at > core + 1 && lines.get(at - 1).isBlank()) {
                at--;
            }
            lines.add(at, key + "=" + value);
        }
        replaceAtomically(config, String.join("\n", lines) + "\n");
    }

    /** The repository's config as groups of keys and (unescaped) values; empty when there is no config. */
    public Map<String, Map<String, String>> config() {
        try {
            return KeyFiles.parse(Files.readString(path.resolve("config"), StandardCharsets.UTF_8));
        } catch (java.nio.file.NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            throw new FlatpakException("cannot read " + path.resolve("config") + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes group {@code group} of the config hold exactly {@code entries} (values escaped as GKeyFile does), leaving
     * every other line as it is, and replaces the file atomically. Call under {@link #lock()}: ostree and flatpak
     * write the config too (e.g. {@code build-update-repo --title}), always under that lock here.
     */
    public void setConfigGroup(String group, Map<String, String> entries) {
        Path config = path.resolve("config");
        try {
            replaceAtomically(config, KeyFiles.withGroup(Files.readString(config, StandardCharsets.UTF_8), group, entries));
        } catch (IOException e) {
            throw new FlatpakException("cannot read " + config + ": " + e.getMessage(), e);
        }
    }

    /** The commit {@code refs/heads/<ref>} names, read from the file itself; null when there is no such ref. */
    public String localRef(String ref) {
        Path file = headsDir().resolve(ref).normalize();
        if (!file.startsWith(headsDir())) {
            throw new FlatpakException("invalid ref " + ref);
        }
        String content;
        try {
            content = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (java.nio.file.NoSuchFileException | java.nio.file.NotDirectoryException e) {
            return null;
        } catch (IOException e) {
            if (Files.isDirectory(file)) {
                return null;
            }
            throw new FlatpakException("cannot read ref " + ref + " of " + path + ": " + e.getMessage(), e);
        }
        if (!CHECKSUM.matcher(content).matches()) {
            throw new FlatpakException("ref " + ref + " of " + path + " does not hold a commit checksum");
        }
        return content;
    }

    /**
     * Every ref under {@code refs/heads} with its commit, read from the ref files (what {@code ostree refs} plus
     * a {@code rev-parse} per ref would say for a repository without remotes or collection refs), sorted by name.
     * Refs of remotes ({@code refs/remotes}) and mirrored collection refs ({@code refs/mirrors}) are not listed.
     */
    public Map<String, String> localRefs() {
        Map<String, String> out = new TreeMap<>();
        Path heads = headsDir();
        if (!Files.isDirectory(heads)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(heads)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    String ref = heads.relativize(file).toString();
                    out.put(ref, localRef(ref));
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new FlatpakException("cannot list the refs of " + path + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Points {@code refs/heads/<ref>} at {@code commit}, creating or replacing it, as {@code ostree refs --create
     * --force} does but without a process: the ref file is written beside the repository's other temporary files,
     * synced and renamed into place, so a reader sees the old commit or the new one. The commit must be in the
     * repository. Call under {@link #lock()}.
     */
    public void writeRef(String ref, String commit) {
        String checksum = Names.checksum(commit);
        if (!hasObject(checksum + ".commit")) {
            throw new FlatpakException("cannot point " + ref + " at " + checksum + ": no such commit in " + path);
        }
        Path file = headsDir().resolve(ref).normalize();
        if (!file.startsWith(headsDir()) || file.equals(headsDir()) || ref.startsWith("/") || ref.contains("//")) {
            throw new FlatpakException("invalid ref " + ref);
        }
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new FlatpakException("cannot create the ref directory for " + ref + " in " + path + ": "
                    + e.getMessage(), e);
        }
        replaceAtomically(file, checksum + "\n");
    }

    /** Writes {@code text} to a temporary file in the repository's {@code tmp/}, syncs it and renames it over {@code file}. */
    private void replaceAtomically(Path file, String text) {
        Path tmpDir = path.resolve("tmp");
        Path tmp = null;
        try {
            Files.createDirectories(tmpDir);
            tmp = Files.createTempFile(tmpDir, "pipeline-", ".tmp");
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp,
                    java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
                java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
                ch.force(true);
            }
            Files.setPosixFilePermissions(tmp, PublicFiles.fileMode()); // served to clients
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (IOException e) {
            throw new FlatpakException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a stray file in tmp/, which ostree cleans up itself
                }
            }
        }
    }

    private Path headsDir() {
        return path.resolve("refs").resolve("heads");
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

    /**
     * The text of a file in the root directory of a commit, e.g. {@code metadata}. In an archive-mode repository
     * (the build-repo, export repositories) it is read from the object store without a process, the commit and
     * root directory objects checked against their checksums ({@link ObjectStore}; a mismatch fails); otherwise,
     * or when that read fails for another reason, {@code ostree cat} reads it, as {@link #cat} does (which drops a
     * final newline).
     */
    public String catRootFile(String commit, String name, Cancellation cancel) {
        Names.checksum(commit);
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("not a file name: " + name);
        }
        if (isArchive()) {
            try {
                return new String(new ObjectStore(path).readRootFile(commit, name), StandardCharsets.UTF_8);
            } catch (ObjectStore.CorruptObjectException e) {
                throw e;
            } catch (RuntimeException e) {
                // not what this reader expects: ostree itself says what is wrong, if anything
            }
        }
        return cat(commit, "/" + name, cancel);
    }

    /** Whether the config names an archive mode (files stored compressed, one {@code .filez} object each). */
    boolean isArchive() {
        try {
            for (String line : Files.readAllLines(path.resolve("config"), StandardCharsets.UTF_8)) {
                String l = line.replace(" ", "");
                if (l.equals("mode=archive-z2") || l.equals("mode=archive")) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
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

    /**
     * Checks every object the commits reach against its checksum (see {@link ObjectVerifier}; no process in an
     * archive-mode repository, {@code ostree fsck} of the whole repository otherwise). Returns how many objects and
     * bytes were read; a corrupt object is an {@link ObjectStore.CorruptObjectException} naming it, a missing one a
     * {@link FlatpakException}.
     */
    public VerifiedObjects verifyObjects(java.util.Collection<String> commits, Cancellation cancel) {
        commits.forEach(Names::checksum);
        if (!isArchive()) {
            List<String> problems = fsck(cancel);
            if (!problems.isEmpty()) {
                throw new FlatpakException("ostree fsck of " + path + " failed: " + String.join("; ", problems));
            }
            return new VerifiedObjects(0, 0);
        }
        ObjectVerifier verifier = new ObjectVerifier(path, cancel);
        ObjectVerifier.Report last = new ObjectVerifier.Report(0, 0);
        for (String commit : new java.util.LinkedHashSet<>(commits)) {
            last = verifier.verify(commit);
        }
        return new VerifiedObjects(last.objects(), last.bytes());
    }

    /** What {@link #verifyObjects} read: distinct objects and their bytes on disk. */
    public record VerifiedObjects(int objects, long bytes) {}

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
