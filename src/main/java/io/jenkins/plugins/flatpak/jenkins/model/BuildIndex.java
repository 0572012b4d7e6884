package io.jenkins.plugins.flatpak.jenkins.model;

import io.jenkins.plugins.flatpak.engine.index.IndexedBuild;
import io.jenkins.plugins.flatpak.engine.index.RecordIndex;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Every Flatpak build of every job, with the run that started it, in the engine's {@link RecordIndex}
 * ({@code jenkins-index.jsonl} beside the engine's records), so that the management page lists builds without
 * loading runs or records. Each change of a record appends the build's new line; the last line of a build wins
 * and keeps the run id the line that linked it gave. {@link BuildQuery} reads it.
 */
public final class BuildIndex {
    private final RecordIndex index;

    public BuildIndex(Path file) {
        this.index = new RecordIndex(file);
    }

    public Path file() {
        return index.file();
    }

    /** The engine's index, for queries. */
    public RecordIndex engineIndex() {
        return index;
    }

    /** Records that the build belongs to the run (an externalizable run id) and indexes its current state. */
    public IndexEntry link(String runId, BuildRecord record) {
        return IndexEntry.of(index.link(runId, record));
    }

    /** Indexes the record's current state, keeping the run the build was linked to. */
    public IndexEntry update(BuildRecord record) {
        return IndexEntry.of(index.update(record));
    }

    /** Indexes the current state of many records in one append; returns how many there were. */
    public int updateAll(Collection<BuildRecord> records) {
        List<IndexedBuild> builds = new ArrayList<>(records.size());
        for (BuildRecord r : records) {
            builds.add(IndexedBuild.of(null, r));
        }
        return index.putAll(builds).size();
    }

    public Optional<IndexEntry> get(String buildId) {
        return index.get(buildId).map(IndexEntry::of);
    }

    /** Lets go of the index file (a new home replaced this one); a later use opens it again. */
    void close() {
        index.close();
    }
}
