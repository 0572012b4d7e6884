package io.jenkins.plugins.flatpak.jenkins.steps;

import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.flatpak.engine.manifest.ManifestLoader;
import io.jenkins.plugins.flatpak.engine.manifest.ManifestLocator;
import io.jenkins.plugins.flatpak.engine.manifest.ManifestReport;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import jenkins.MasterToSlaveFileCallable;

/**
 * Reads the manifest where the workspace is, on the agent: found in the workspace when no path is given, as
 * {@code flatpakBuild} finds it; every path it names confined to the workspace. Returns the engine's
 * serializable report; a manifest path or app id that cannot be used throws, naming it.
 */
final class AgentValidateCallable extends MasterToSlaveFileCallable<ManifestReport> {
    private static final long serialVersionUID = 1L;

    private final String manifest;
    private final String appId;
    private final String arch;

    AgentValidateCallable(String manifest, String appId, String arch) {
        this.manifest = manifest;
        this.appId = appId;
        this.arch = arch;
    }

    @Override
    public ManifestReport invoke(File f, VirtualChannel channel) {
        Path workspace = f.toPath().toAbsolutePath().normalize();
        Path file = ManifestLocator.locate(workspace, manifest, appId);
        return ManifestLoader.validate(workspace, file, appId, arch == null ? List.of() : List.of(arch));
    }
}
