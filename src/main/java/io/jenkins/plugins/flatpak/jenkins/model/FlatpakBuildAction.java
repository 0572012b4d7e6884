package io.jenkins.plugins.flatpak.jenkins.model;

import hudson.model.Api;
import hudson.model.Run;
import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.RecordStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import jenkins.model.RunAction2;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.GET;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * The Flatpak builds of one run: their ids and a snapshot of each engine record, saved in the run's
 * {@code build.xml}. Shown as a page of the run ({@code <run>/flatpak/}), a summary box on the run page, and
 * {@code <run>/flatpak/api/json}.
 */
@ExportedBean
public class FlatpakBuildAction implements RunAction2 {
    /** The page shows at most this much of the end of a log; {@code log?…} streams the whole of it. */
    static final int PAGE_TAIL_BYTES = 64 * 1024;

    private final List<BuildSnapshot> builds = new ArrayList<>();
    private transient Run<?, ?> run;

    public FlatpakBuildAction() {}

    @Override
    public String getIconFileName() {
        return "symbol-cube";
    }

    @Override
    public String getDisplayName() {
        return "Flatpak";
    }

    @Override
    public String getUrlName() {
        return "flatpak";
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    /** Adds the record's build to this run, or refreshes its snapshot. */
    public synchronized BuildSnapshot record(BuildRecord r) {
        BuildSnapshot s = BuildSnapshot.of(r);
        for (int i = 0; i < builds.size(); i++) {
            if (builds.get(i).getBuildId().equals(r.getId())) {
                builds.set(i, s);
                return s;
            }
        }
        builds.add(s);
        return s;
    }

    /**
     * The builds of this run, in the order they were started, as their records say now: the record is the one
     * truth, also after another step or the recovery after a restart changed it (the page, the summary and
     * {@code api/json} read this).
     */
    @Exported(inline = true)
    public List<BuildSnapshot> getBuilds() {
        return getBuilds(liveRecords());
    }

    /**
     * The builds of this run, each refreshed from its current record in {@code records}; the saved snapshot of a
     * build whose record is gone (or of every build when {@code records} is null). The refreshed snapshots replace
     * the saved ones, so the run's next save keeps them.
     */
    public synchronized List<BuildSnapshot> getBuilds(RecordStore records) {
        if (records != null) {
            for (int i = 0; i < builds.size(); i++) {
                try {
                    Optional<BuildRecord> current = records.find(builds.get(i).getBuildId());
                    if (current.isPresent()) {
                        builds.set(i, BuildSnapshot.of(current.get()));
                    }
                } catch (RuntimeException e) {
                    // an unreadable record: the saved snapshot is all there is
                }
            }
        }
        return Collections.unmodifiableList(new ArrayList<>(builds));
    }

    /** The controller's records, or null where there is no Jenkins to ask (then the saved snapshots are shown). */
    private static RecordStore liveRecords() {
        try {
            return FlatpakHome.get().records();
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Exported
    public synchronized List<String> getBuildIds() {
        List<String> ids = new ArrayList<>();
        for (BuildSnapshot s : builds) {
            ids.add(s.getBuildId());
        }
        return ids;
    }

    public synchronized Optional<BuildSnapshot> getBuild(String buildId) {
        return builds.stream().filter(s -> s.getBuildId().equals(buildId)).findFirst();
    }

    public synchronized boolean has(String buildId) {
        return getBuild(buildId).isPresent();
    }

    public Api getApi() {
        return new Api(this);
    }

    /**
     * {@code log?build=ID&phase=build|commit|publish}: a phase's whole log as plain text, streamed from its file.
     * Only builds of this run are served, so the run's READ permission (checked by Jenkins on the way to this
     * action) covers them.
     */
    @GET
    public HttpResponse doLog(@QueryParameter String build, @QueryParameter String phase) {
        return log(FlatpakHome.get().records(), build, phase);
    }

    HttpResponse log(RecordStore records, String build, String phase) {
        return logFile(records, build, phase).<HttpResponse>map(LogDownload::new).orElseGet(HttpResponses::notFound);
    }

    /** The log file, or empty when the build is not one of this run's, the phase is unknown or it never ran. */
    Optional<Path> logFile(RecordStore records, String build, String phase) {
        if (build == null || phase == null || !has(build) || !RecordStore.PHASES.contains(phase)) {
            return Optional.empty();
        }
        try {
            Path file = records.logFile(build, phase);
            return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
        } catch (FlatpakException e) {
            return Optional.empty();
        }
    }

    /** The end of a phase's log, at most {@link #PAGE_TAIL_BYTES} of it, or empty as for {@link #logFile}. */
    public Optional<LogTail> logTail(RecordStore records, String build, String phase) {
        Optional<Path> file = logFile(records, build, phase);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LogTail.read(phase, file.get(), PAGE_TAIL_BYTES));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new FlatpakException("cannot read the " + phase + " log of " + build + ": " + e.getMessage(), e);
        }
    }

    /** For the page: the end of the log of the build's last phase that has one, or null. */
    public LogTail lastLogTail(String buildId) {
        List<String> phases = logPhases(buildId);
        for (int i = phases.size() - 1; i >= 0; i--) {
            Optional<LogTail> tail = logTail(FlatpakHome.get().records(), buildId, phases.get(i));
            if (tail.isPresent()) {
                return tail.get();
            }
        }
        return null;
    }

    /** Which phases of a build have a log to link to. */
    public List<String> logPhases(String buildId) {
        List<String> phases = new ArrayList<>();
        Optional<BuildSnapshot> s = getBuild(buildId);
        if (s.isEmpty()) {
            return phases;
        }
        for (PhaseSnapshot p : s.get().getPhases()) {
            if (RecordStore.PHASES.contains(p.getName())) {
                phases.add(p.getName());
            }
        }
        return phases;
    }
}
