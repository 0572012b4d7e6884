package io.jenkins.plugins.flatpak.engine.publish;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;
import io.jenkins.plugins.flatpak.engine.repo.KeyFiles;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * A repository builds are published into, as one publish states it. What a value left null (not stated) means is
 * decided by what the repository remembers ({@link RepositorySettings}): the value of an earlier publish, else the
 * default. A stated value that differs from the remembered one changes it, and the publish's log says so.
 *
 * @param name          short name ({@code beta}, {@code stable})
 * @param path          the OSTree repository directory
 * @param title         shown by flatpak clients; null: as remembered, else the name
 * @param url           where users reach the repository; null: as remembered, else a file:// URL of {@code path}
 * @param collectionId  OSTree collection id; null: as remembered, else none
 * @param staticDeltas  generate static deltas on each summary update; null: as remembered, else no
 * @param pruneDepth    keep this many commits per ref when updating, 0 keeps everything; null: as remembered, else 0
 * @param defaultBranch the branch clients use when they name none; null: as remembered, else none
 */
public record PublishTarget(String name, String path, String title, String url, String collectionId,
        Boolean staticDeltas, Integer pruneDepth, String defaultBranch) implements Serializable {

    public PublishTarget {
        Names.repoName(name);
        if (path == null || path.isEmpty() || path.chars().anyMatch(c -> c < 0x20) || !Path.of(path).isAbsolute()) {
            throw new InvalidInputException("invalid repository path " + Names.quote(path) + ": it must be an absolute path");
        }
        if (collectionId != null && Names.appIdProblem(collectionId) != null) {
            throw new InvalidInputException("invalid collection id " + Names.quote(collectionId) + ": "
                    + Names.appIdProblem(collectionId));
        }
        if (title != null && (title.isBlank() || title.chars().anyMatch(c -> c < 0x20 || c == 0x7f))) {
            throw new InvalidInputException("invalid repository title " + Names.quote(title)
                    + ": give one line of text without control characters");
        }
        if (title != null) {
            KeyFiles.escape(title, "repository title"); // refuses what a .flatpakrepo cannot hold
        }
        if (url != null && (!url.matches("(https?|file)://[^\\s]+") || url.chars().anyMatch(c -> c < 0x20 || c == 0x7f))) {
            throw new InvalidInputException("invalid repository URL " + Names.quote(url) + ": use http(s):// or file://");
        }
        if (url != null) {
            KeyFiles.escape(url, "repository URL");
        }
        if (pruneDepth != null && pruneDepth < 0) {
            throw new InvalidInputException("invalid prune depth " + pruneDepth + ": it must be 0 or more");
        }
        if (defaultBranch != null) {
            Names.branch(defaultBranch);
        }
    }

    /** Without a default branch, as the plugin's repository configuration states it. */
    public PublishTarget(String name, String path, String title, String url, String collectionId, Boolean staticDeltas,
            Integer pruneDepth) {
        this(name, path, title, url, collectionId, staticDeltas, pruneDepth, null);
    }

    /** A repository whose every setting is as remembered (or the default, for a new one). */
    public static PublishTarget simple(String name, Path path) {
        return new PublishTarget(name, path.toAbsolutePath().normalize().toString(), null, null, null, null, null, null);
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
        return RepositorySettings.flatpakrepoFile(repoPath());
    }

    /** The public key beside the repository directory ({@code <repo>.gpg}). */
    public Path publicKeyFile() {
        return RepositorySettings.publicKeyFile(repoPath());
    }
}
