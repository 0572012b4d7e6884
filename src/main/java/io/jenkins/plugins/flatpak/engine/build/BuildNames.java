package io.jenkins.plugins.flatpak.engine.build;

import java.io.Serializable;

/**
 * What a build turned out to build once its manifest was read and checked, before flatpak-builder runs: the app
 * id, arch, branch and manifest path (relative to the sources). A build record carries them from then on, whatever
 * happens after.
 */
public record BuildNames(String appId, String arch, String branch, String manifest) implements Serializable {
}
