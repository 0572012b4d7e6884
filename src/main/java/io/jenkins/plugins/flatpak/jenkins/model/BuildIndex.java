package io.jenkins.plugins.flatpak.jenkins.model;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.lock.PathLock;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every Flatpak build of every job in one append-only file of JSON lines ({@code jenkins-index.jsonl} beside the
 * engine's records), so that the management page lists builds without loading runs. Each change of a record
 * appends the build's new line; the last line of a build wins, and its run id is kept from the line that first
 * named it. The file is rewritten without the superseded lines once they outnumber the live ones.
 */
public final class BuildIndex {
    private static final ObjectWriter WRITER = Json.MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectReader READER = Json.MAPPER.readerFor(IndexEntry.class);
    private static final Comparator<IndexEntry> NEWEST_FIRST = Comparator.comparingLong(IndexEntry::createdAt)
            .thenComparing(IndexEntry::buildId).reversed();

    private final Path file;
    private final Map<String, IndexEntry> entries = new LinkedHashMap<>();
    private long readLength = -1;
    private int lines;

    public BuildIndex(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Records that the build belongs to the run (an externalizable run id) and indexes its current state. */
    public synchronized IndexEntry link(String runId, BuildRecord record) {
        return write(IndexEntry.of(runId, record));
    }

    /** Indexes the record's current state, keeping the run the build was linked to. */
    public synchronized IndexEntry update(BuildRecord record) {
        return write(IndexEntry.of(null, record));
    }

    public synchronized Optional<IndexEntry> get(String buildId) {
        refresh();
        return Optional.ofNullable(entries.get(buildId));
    }

    /** Every indexed build, newest first. */
    public synchronized List<IndexEntry> newestFirst() {
        refresh();
        List<IndexEntry> all = new ArrayList<>(entries.values());
        all.sort(NEWEST_FIRST);
        return all;
    }

    private IndexEntry write(IndexEntry entry) {
        try (PathLock lock = PathLock.acquire(lockFile())) {
            refresh();
            IndexEntry known = entries.get(entry.buildId());
            if (entry.runId() == null && known != null && known.runId() != null) {
                entry = entry.withRunId(known.runId());
            }
            if (entry.equals(known)) {
                return known;
            }
            Files.createDirectories(file.getParent());
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND)) {
                w.write(WRITER.writeValueAsString(entry));
                w.write('\n');
            }
            entries.remove(entry.buildId());
            entries.put(entry.buildId(), entry);
            lines++;
            readLength = Files.size(file);
            if (lines > 2 * entries.size() + 64) {
                compact();
            }
            return entry;
        } catch (IOException e) {
            throw new FlatpakException("cannot write the build index " + file + ": " + e.getMessage(), e);
        }
    }

    /** Re-reads the file when another writer (another process on this home) changed it. */
    private void refresh() {
        long length;
        try {
            length = Files.size(file);
        } catch (NoSuchFileException e) {
            length = 0;
        } catch (IOException e) {
            throw new FlatpakException("cannot read the build index " + file + ": " + e.getMessage(), e);
        }
        if (length == readLength) {
            return;
        }
        entries.clear();
        lines = 0;
        if (length > 0) {
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    lines++;
                    IndexEntry e;
                    try {
                        e = READER.readValue(line);
                    } catch (IOException malformed) {
                        continue; // a line cut short by a crash; the next change of that build rewrites it
                    }
                    if (e.buildId() == null) {
                        continue;
                    }
                    IndexEntry known = entries.remove(e.buildId());
                    if (e.runId() == null && known != null && known.runId() != null) {
                        e = e.withRunId(known.runId());
                    }
                    entries.put(e.buildId(), e);
                }
            } catch (IOException e) {
                throw new FlatpakException("cannot read the build index " + file + ": " + e.getMessage(), e);
            }
        }
        readLength = length;
    }

    private void compact() throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (IndexEntry e : entries.values()) {
                w.write(WRITER.writeValueAsString(e));
                w.write('\n');
            }
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        lines = entries.size();
        readLength = Files.size(file);
    }

    private Path lockFile() {
        return file.resolveSibling(file.getFileName() + ".lock");
    }
}
