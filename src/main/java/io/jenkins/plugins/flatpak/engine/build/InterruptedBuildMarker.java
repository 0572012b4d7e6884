package io.jenkins.plugins.flatpak.engine.build;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.fs.Trees;
import io.jenkins.plugins.flatpak.engine.repo.OstreeRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A file in a state dir that exists while flatpak-builder runs in it and stays when flatpak-builder did not end by
 * itself. Found when the next build takes the state dir, it means flatpak-builder was killed (with the process that
 * started it, or stopped by a cancel or a timeout) and may have left its
 * cache repository half-written: a cache ref whose commit names a dirtree that was never written makes every later
 * build of the app fail with "No such metadata object". Then the cache repository is checked with
 * {@code ostree fsck} and, when broken, removed, so that build starts cold instead of failing.
 */
final class InterruptedBuildMarker {
    static final String NAME = ".pipeline.building";

    private InterruptedBuildMarker() {}

    /** Call with the state dir's lock held, before flatpak-builder runs. */
    static void begin(Path stateDir, ToolRunner runner, OutputSink log, Cancellation cancel) {
        Path marker = stateDir.resolve(NAME);
        if (Files.exists(marker)) {
            repairCache(stateDir, runner, log, cancel);
        }
        try {
            Files.writeString(marker, Long.toString(ProcessHandle.current().pid()));
        } catch (IOException e) {
            throw new FlatpakException("cannot write " + marker + ": " + e.getMessage(), e);
        }
    }

    /** Call when flatpak-builder has ended, whether it succeeded or not. */
    static void end(Path stateDir) {
        try {
            Files.deleteIfExists(stateDir.resolve(NAME));
        } catch (IOException e) {
            // left in place, the next build checks the cache once more
        }
    }

    private static void repairCache(Path stateDir, ToolRunner runner, OutputSink log, Cancellation cancel) {
        OstreeRepo cache = new OstreeRepo(stateDir.resolve("cache"), runner);
        if (!cache.exists()) {
            return;
        }
        log.line("the last build in " + stateDir + " was interrupted; checking its cache repository");
        List<String> problems = cache.fsck(cancel);
        if (problems.isEmpty()) {
            return;
        }
        log.line("the cache repository is broken (" + problems.get(problems.size() - 1) + "); removing it, this build starts cold");
        Trees.delete(cache.path());
    }
}
