package io.jenkins.plugins.flatpak.engine.publish;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * A repository builds are published into.
 *
 * @param name         short name ({@code beta}, {@code stable})
 * @param path         the OSTree repository directory
 * @param title        shown by flatpak clients, or null for the name
 * @param url          where users reach the repository, or null for a file:// URL of {@code path}
 * @param collectionId OSTree collection id, or null
 * @param staticDeltas generate static deltas on each summary update
 * @param pruneDepth   keep this many commits per ref when updating; 0 keeps everything
 */
public record PublishTarget(String name, String path, String title, String url, String collectionId,
        boolean staticDeltas, int pruneDepth) implements Serializable {

    public PublishTarget {
        Names.repoName(name);
        if (path == null || path.isEmpty() || path.chars().anyMatch(c -> c < 0x20) || !Path.of(path).isAbsolute()) {
            throw new InvalidInputException("invalid repository path " + Names.quote(path) + ": it must be an absolute path");
        }
        if (collectionId != null && Names.appIdProblem(collectionId) != null) {
            throw new InvalidInputException("invalid collection id " + Names.quote(collectionId) + ": "
                    + Names.appIdProblem(collectionId));
        }
        if (title != null && title.chars().anyMatch(c -> c < 0x20)) {
            throw new InvalidInputException("invalid repository title " + Names.quote(title));
        }
        if (url != null && !url.matches("(https?|file)://[^\\s]+")) {
            throw new InvalidInputException("invalid repository URL " + Names.quote(url) + ": use http(s):// or file://");
        }
        if (pruneDepth < 0) {
            throw new InvalidInputException("invalid prune depth " + pruneDepth + ": it must be 0 or more");
        }
    }

    public static PublishTarget simple(String name, Path path) {
        return new PublishTarget(name, path.toAbsolutePath().normalize().toString(), null, null, null, false, 0);
    }

    public Path repoPath() {
        return Path.of(path);
    }

    public String effectiveTitle() {
        return title == null ? name : title;
    }

    public String effectiveUrl() {
        return url == null ? repoPath().toUri().toString() : url;
    }

    /** {@code <repo>.flatpakrepo} beside the repository directory. */
    public Path flatpakrepoFile() {
        return repoPath().resolveSibling(repoPath().getFileName() + ".flatpakrepo");
    }

    /** The public key beside the repository directory ({@code <repo>.gpg}). */
    public Path publicKeyFile() {
        return repoPath().resolveSibling(repoPath().getFileName() + ".gpg");
    }
}
