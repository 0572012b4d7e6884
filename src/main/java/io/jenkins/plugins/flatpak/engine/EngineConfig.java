package io.jenkins.plugins.flatpak.engine;

import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import java.nio.file.Path;

/**
 * Where the engine keeps things.
 *
 * @param home      build records and their logs ({@code <home>/records})
 * @param buildRepo the shared OSTree build-repo every build is imported into
 * @param workRoot  where local builds check out sources, keep flatpak-builder state and export
 * @param runner    runs every tool, with the environment builds need (e.g. FLATPAK_USER_DIR)
 */
public record EngineConfig(Path home, Path buildRepo, Path workRoot, ToolRunner runner) {
    public EngineConfig {
        home = home.toAbsolutePath().normalize();
        buildRepo = buildRepo.toAbsolutePath().normalize();
        workRoot = workRoot.toAbsolutePath().normalize();
    }

    /** Build-repo and work root inside {@code home}. */
    public static EngineConfig inHome(Path home, ToolRunner runner) {
        return new EngineConfig(home, home.resolve("build-repo"), home.resolve("work"), runner);
    }

    public EngineConfig withBuildRepo(Path repo) {
        return new EngineConfig(home, repo, workRoot, runner);
    }
}
