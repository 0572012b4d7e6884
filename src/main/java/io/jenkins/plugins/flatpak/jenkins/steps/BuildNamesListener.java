package io.jenkins.plugins.flatpak.jenkins.steps;

import io.jenkins.plugins.flatpak.engine.build.BuildNames;
import java.io.IOException;

/** Told on the controller what a build's manifest names, while the build still runs on the agent. */
interface BuildNamesListener {
    void named(BuildNames names) throws IOException, InterruptedException;
}
