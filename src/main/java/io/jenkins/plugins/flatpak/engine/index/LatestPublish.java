package io.jenkins.plugins.flatpak.engine.index;

/**
 * A ref of a repository as its latest publish left it.
 *
 * @param commit the checksum that publish gave the ref
 * @param build  the build that published it
 */
public record LatestPublish(String ref, String commit, IndexedBuild build) {
}
