package io.jenkins.plugins.flatpak.engine.index;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.Names;
import io.jenkins.plugins.flatpak.engine.lock.PathLock;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every build in one append-only file of JSON lines, one line per change of a build; the last line of a build
 * wins and keeps the run id an earlier line gave it. In memory only a compact table ({@link BuildTable}: a few
 * ints and longs per build) answers {@link #page queries} newest first with filters, without reading the file;
 * the lines of the builds a query returns are read back from the file by offset. Appends by other instances
 * (other processes on the same file) are read incrementally; the file is rewritten without superseded lines
 * ({@link #compact}) once those outnumber the live ones. Thread-safe; writers of one file serialize on a lock
 * file beside it, readers never wait for it.
 */
public final class RecordIndex implements Closeable {
    /** Superseded lines tolerated beyond one per live build before the file is compacted. */
    static final int COMPACT_SLACK = 64;
    /** About the size of the line of a published build, to size the table before a file is read. */
    private static final int LINE_BYTES = 400;
    /** Lines of one query closer together than this are read with one read. */
    private static final int READ_SPAN = 128 * 1024;

    private final Path file;
    private final Path lockFile;
    private BuildTable table = new BuildTable();
    private RandomAccessFile in;
    private Object fileKey;
    /** The file is read up to here: the end of its last complete line. */
    private long consumed;
    /** Lines read from the file (live, superseded or unreadable), for the compaction rule. */
    private int lines;
    private byte[] lineBuffer = new byte[1024];
    /** {@link #published} by repository, until the next line is read. */
    private final Map<String, List<LatestPublish>> publishedCache = new HashMap<>();

    /** Statistics of an index: builds, lines in its file, the file's size, and the heap its table holds. */
    public record Stats(int builds, int lines, long fileBytes, long heapBytes) {}

    public RecordIndex(Path file) {
        this.file = file.toAbsolutePath().normalize();
        this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
    }

    public Path file() {
        return file;
    }

    /** Indexes the record's current state as belonging to the run ({@link IndexedBuild#runId}). */
    public IndexedBuild link(String runId, BuildRecord record) {
        return put(IndexedBuild.of(runId, record));
    }

    /** Indexes the record's current state, keeping the run it was linked to. */
    public IndexedBuild update(BuildRecord record) {
        return put(IndexedBuild.of(null, record));
    }

    /**
     * Appends the build's line unless the index already says the same (ignoring {@code updatedAt}); a null run
     * id keeps the build's run. Returns the build as now indexed.
     */
    public synchronized IndexedBuild put(IndexedBuild build) {
        return putAll(List.of(build)).get(0);
    }

    /** {@link #put} for many builds under one lock and one append; returns them as now indexed. */
    public synchronized List<IndexedBuild> putAll(Collection<IndexedBuild> builds) {
        for (IndexedBuild b : builds) {
            Names.buildId(b.buildId());
        }
        try (PathLock lock = PathLock.acquire(lockFile)) {
            refresh();
            List<byte[]> toAppend = new ArrayList<>();
            Map<String, IndexedBuild> pending = new HashMap<>();
            for (IndexedBuild b : builds) {
                IndexedBuild known = pending.containsKey(b.buildId()) ? pending.get(b.buildId()) : read(b.buildId());
                if (b.runId() == null && known != null && known.runId() != null) {
                    b = b.withRunId(known.runId());
                }
                if (!b.sameAs(known)) {
                    toAppend.add(IndexLines.encode(b));
                    pending.put(b.buildId(), b);
                }
            }
            if (!toAppend.isEmpty()) {
                append(toAppend);
                refresh();
                if (lines > 2 * table.size() + COMPACT_SLACK) {
                    compactLocked();
                }
            }
            List<IndexedBuild> now = new ArrayList<>(builds.size());
            for (IndexedBuild b : builds) {
                now.add(read(b.buildId()));
            }
            return now;
        } catch (IOException e) {
            throw failure("write", e);
        }
    }

    public synchronized Optional<IndexedBuild> get(String buildId) {
        refresh();
        return Optional.ofNullable(read(buildId));
    }

    /**
     * The matching builds newest first (by creation time, then build id), {@code limit} of them after skipping
     * {@code offset}, and how many match in all: one pass over the table.
     */
    public synchronized IndexPage page(IndexFilter filter, int offset, int limit) {
        refresh();
        BuildTable.Match m = table.scan(filter, Math.max(0, offset), Math.max(0, limit), true);
        return new IndexPage(materialize(m.slots()), Math.max(0, offset), m.total());
    }

    /** Like {@link #page} without the total: the pass stops at the last build returned. */
    public synchronized List<IndexedBuild> query(IndexFilter filter, int offset, int limit) {
        refresh();
        return materialize(table.scan(filter, Math.max(0, offset), Math.max(0, limit), false).slots());
    }

    public synchronized int count(IndexFilter filter) {
        refresh();
        return table.scan(filter, 0, 0, true).total();
    }

    /** Each ref published into the repository as its latest publish (by publish time) left it, sorted by ref. */
    public synchronized List<LatestPublish> published(String repo) {
        refresh();
        List<LatestPublish> cached = publishedCache.get(repo);
        if (cached == null) {
            cached = List.copyOf(latestPublishes(repo));
            publishedCache.put(repo, cached);
        }
        return cached;
    }

    private List<LatestPublish> latestPublishes(String repo) {
        for (int attempt = 0; ; attempt++) {
            if (table.latestStale()) {
                rebuildLatest();
            }
            Map<Integer, IndexedBuild> builds = new HashMap<>();
            List<LatestPublish> refs = new ArrayList<>();
            for (Map.Entry<String, BuildTable.Holder> e : table.latest(repo)) {
                IndexedBuild b = builds.computeIfAbsent(e.getValue().slot, this::readSlot);
                String commit = b.published().get(e.getKey());
                if (commit == null) {
                    break; // the table and the line disagree
                }
                refs.add(new LatestPublish(e.getKey(), commit, b));
            }
            if (refs.size() == table.latest(repo).size() || attempt > 0) {
                return refs;
            }
            table.markLatestStale();
        }
    }

    /** The number of builds indexed. */
    public synchronized int size() {
        refresh();
        return table.size();
    }

    public synchronized Stats stats() {
        refresh();
        return new Stats(table.size(), lines, consumed, table.heapBytes() + lineBuffer.length);
    }

    /** Rewrites the file with only the last line of each build, in the order they were written. */
    public synchronized void compact() {
        try (PathLock lock = PathLock.acquire(lockFile)) {
            refresh();
            compactLocked();
        } catch (IOException e) {
            throw failure("compact", e);
        }
    }

    /** Lets go of the open file; the next use opens and reads it again. */
    @Override
    public synchronized void close() {
        reset();
    }

    /** Reads what other writers appended, or everything when the file was replaced (compacted) or is new. */
    private void refresh() {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            if (in != null || table.size() > 0) {
                reset();
            }
            return;
        } catch (IOException e) {
            throw failure("read", e);
        }
        try {
            if (in == null || !Objects.equals(attrs.fileKey(), fileKey) || attrs.size() < consumed) {
                reload();
            } else if (attrs.size() > consumed) {
                readFrom(consumed);
            }
        } catch (IOException e) {
            reset();
            throw failure("read", e);
        }
    }

    private void reload() throws IOException {
        reset();
        for (int attempt = 0; attempt < 10 && in == null; attempt++) {
            Object before;
            try {
                before = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            } catch (NoSuchFileException e) {
                return;
            }
            RandomAccessFile opened = new RandomAccessFile(file.toFile(), "r");
            Object after = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            if (Objects.equals(before, after)) {
                in = opened;
                fileKey = after;
            } else {
                opened.close(); // replaced while opening: the key may not be the opened file's
            }
        }
        if (in == null) {
            throw new IOException("the file keeps being replaced");
        }
        table.reserve((int) Math.min(1 << 24, in.length() / LINE_BYTES));
        readFrom(0);
    }

    private void readFrom(long from) throws IOException {
        IndexLoader loader = new IndexLoader(table);
        long end = IndexFileLines.chunks(in, from, loader::chunk);
        if (end != consumed) {
            publishedCache.clear();
        }
        consumed = end;
        lines += loader.lines();
    }

    private void reset() {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // read-only; nothing is lost
            }
        }
        in = null;
        fileKey = null;
        table = new BuildTable();
        publishedCache.clear();
        consumed = 0;
        lines = 0;
    }

    /** Appends under the lock; a line left incomplete by a crash is ended first, so it cannot swallow ours. */
    private void append(List<byte[]> newLines) throws IOException {
        Files.createDirectories(file.getParent());
        long size = Files.exists(file) ? Files.size(file) : 0;
        // FileOutputStream, not a channel: an interrupted thread (an aborted build) still completes its line.
        try (OutputStream out = new BufferedOutputStream(new FileOutputStream(file.toFile(), true), 1 << 16)) {
            if (size > consumed) {
                out.write('\n');
            }
            for (byte[] line : newLines) {
                out.write(line);
                out.write('\n');
            }
        }
    }

    private void compactLocked() throws IOException {
        if (in == null) {
            return;
        }
        int[] slots = table.slotsByLine();
        long[] moved = new long[slots.length];
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        long written;
        try (FileOutputStream fos = new FileOutputStream(tmp.toFile());
                OutputStream out = new BufferedOutputStream(fos, 1 << 16)) {
            long[] position = {0};
            int[] next = {0};
            IndexFileLines.lines(in, 0, (buf, off, len, at) -> {
                if (next[0] < slots.length && table.offset(slots[next[0]]) == at) {
                    out.write(buf, off, len);
                    out.write('\n');
                    moved[next[0]++] = position[0];
                    position[0] += len + 1;
                }
            });
            if (next[0] != slots.length) {
                throw new IOException("compaction found " + next[0] + " of " + slots.length + " live lines");
            }
            out.flush();
            fos.getFD().sync();
            written = position[0];
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        in.close();
        in = new RandomAccessFile(file.toFile(), "r"); // no one replaces it while we hold the lock
        fileKey = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        for (int i = 0; i < slots.length; i++) {
            table.moveLine(slots[i], moved[i]);
        }
        consumed = written;
        lines = slots.length;
    }

    private void rebuildLatest() {
        table.resetLatest();
        for (int s : table.slotsByLine()) {
            if (table.isPublished(s)) {
                table.notePublished(s, readSlot(s));
            }
        }
    }

    /** The slots' builds, in the slots' order; lines close together in the file are read in one go. */
    private List<IndexedBuild> materialize(int[] slots) {
        Integer[] byLine = new Integer[slots.length];
        for (int i = 0; i < slots.length; i++) {
            byLine[i] = i;
        }
        Arrays.sort(byLine, (a, b) -> Long.compare(table.offset(slots[a]), table.offset(slots[b])));
        IndexedBuild[] builds = new IndexedBuild[slots.length];
        for (int i = 0; i < byLine.length; ) {
            long start = table.offset(slots[byLine[i]]);
            long end = start + table.length(slots[byLine[i]]);
            int j = i + 1;
            while (j < byLine.length) {
                int s = slots[byLine[j]];
                long lineEnd = table.offset(s) + table.length(s);
                if (lineEnd - start > READ_SPAN) {
                    break;
                }
                end = Math.max(end, lineEnd);
                j++;
            }
            readSpan(start, (int) (end - start));
            for (int k = i; k < j; k++) {
                int s = slots[byLine[k]];
                builds[byLine[k]] = decodeSlot(s, (int) (table.offset(s) - start));
            }
            i = j;
        }
        return Arrays.asList(builds);
    }

    private IndexedBuild read(String buildId) {
        int s = table.find(buildId);
        return s < 0 ? null : readSlot(s);
    }

    /** The slot's line from the file, with the run the table kept for it. */
    private IndexedBuild readSlot(int s) {
        readSpan(table.offset(s), table.length(s));
        return decodeSlot(s, 0);
    }

    /** Decodes the slot's line, read into {@link #lineBuffer} at {@code at}. */
    private IndexedBuild decodeSlot(int s, int at) {
        IndexedBuild b = IndexLines.decode(lineBuffer, at, table.length(s));
        String id = table.id(s);
        if (b == null || !b.buildId().equals(id)) {
            reset(); // rewritten in place by something else: read it afresh next time
            throw failure("read", new IOException("the line of build " + id + " changed under the index"));
        }
        String runId = table.runId(s);
        return Objects.equals(b.runId(), runId) ? b : b.withRunId(runId);
    }

    /** {@code length} bytes of the file from {@code offset} into {@link #lineBuffer}. */
    private void readSpan(long offset, int length) {
        if (lineBuffer.length < length) {
            lineBuffer = new byte[Math.max(length, lineBuffer.length * 2)];
        }
        try {
            in.seek(offset);
            in.readFully(lineBuffer, 0, length);
        } catch (IOException e) {
            throw failure("read", e);
        }
    }

    private FlatpakException failure(String what, IOException e) {
        return new FlatpakException("cannot " + what + " the build index " + file + ": " + e.getMessage(), e);
    }
}
