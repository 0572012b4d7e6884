package io.jenkins.plugins.flatpak.jenkins.model;

import io.jenkins.plugins.flatpak.engine.Engine;
import io.jenkins.plugins.flatpak.engine.EngineConfig;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.RecordStore;
import io.jenkins.plugins.flatpak.jenkins.config.FlatpakGlobalConfiguration;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The controller's engine (records home and build-repo from the global configuration) together with the
 * cross-job {@link BuildIndex} kept beside the records. Every record change reaches the index through the
 * record store's listener. The first use after Jenkins starts marks builds that a previous Jenkins process left
 * half-done as failed, so nothing waits on work that died with it.
 */
public final class FlatpakHome {
    private static final Logger LOGGER = Logger.getLogger(FlatpakHome.class.getName());
    static final String INDEX_FILE = "jenkins-index.jsonl";

    private static FlatpakHome current;

    private final Engine engine;
    private final BuildIndex index;

    public FlatpakHome(EngineConfig config) {
        this.engine = new Engine(config);
        this.index = new BuildIndex(config.home().resolve(INDEX_FILE));
        engine.records().addListener(this::indexQuietly);
    }

    /**
     * The engine for the current global configuration; a new one when the records home or build-repo changed.
     */
    public static synchronized FlatpakHome get() {
        EngineConfig config = FlatpakGlobalConfiguration.get().engineConfig(new ToolRunner());
        if (current == null || !current.engine.config().home().equals(config.home())
                || !current.engine.config().buildRepo().equals(config.buildRepo())) {
            FlatpakHome home = new FlatpakHome(config);
            home.recoverInterrupted();
            if (current != null) {
                current.index.close();
            }
            current = home;
        }
        return current;
    }

    public Engine engine() {
        return engine;
    }

    public RecordStore records() {
        return engine.records();
    }

    public BuildIndex index() {
        return index;
    }

    public Path home() {
        return engine.config().home();
    }

    /** Marks builds left active by a Jenkins process that is gone as failed; returns them. */
    public List<BuildRecord> recoverInterrupted() {
        try {
            List<BuildRecord> changed = engine.recoverInterrupted();
            for (BuildRecord r : changed) {
                LOGGER.log(Level.WARNING, "Flatpak build {0} was interrupted by a restart and is now failed", r.getId());
            }
            return changed;
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "cannot check for interrupted Flatpak builds", e);
            return List.of();
        }
    }

    /**
     * Re-indexes every record (for an index lost or made before this plugin kept one), keeping each build's run;
     * returns the count. Reads every record: an administrator's action, not a page's.
     */
    public int reindex() {
        return index.updateAll(engine.records().list());
    }

    private void indexQuietly(BuildRecord r) {
        try {
            index.update(r);
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "cannot index Flatpak build " + r.getId(), e);
        }
    }
}
