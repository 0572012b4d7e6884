package io.jenkins.plugins.flatpak.engine.build;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What a build produced on the machine that ran flatpak-builder: a private OSTree repository holding the
 * exported refs, to be imported into the shared build-repo by checksum.
 *
 * @param exportRepo    absolute path of the per-build repository (on the building machine)
 * @param refs          ref to commit checksum in {@code exportRepo}
 * @param manifest      the manifest path used, relative to the source tree
 * @param sourceCommit  git commit of the sources, or null when they were not a git checkout
 */
public record BuildResult(String exportRepo, Map<String, String> refs, String appId, String arch, String branch,
        String manifest, String sourceCommit, List<String> cachedModules, List<String> builtModules)
        implements Serializable {
}
