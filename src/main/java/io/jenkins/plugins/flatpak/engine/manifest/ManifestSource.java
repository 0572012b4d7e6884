package io.jenkins.plugins.flatpak.engine.manifest;

import java.util.List;

/**
 * One source of a module, as far as the engine needs it.
 *
 * @param type       archive, git, file, dir, patch, …
 * @param file       the file it is written in, relative to the source tree
 * @param field      where in that file ({@code modules[0].sources[1]}; empty for a whole sources file)
 * @param url        its URL, or null
 * @param localPaths the paths in the source tree it reads (checked to stay inside it)
 */
public record ManifestSource(String type, String file, String field, String url, List<String> localPaths) {
    public ManifestSource {
        localPaths = List.copyOf(localPaths);
    }
}
