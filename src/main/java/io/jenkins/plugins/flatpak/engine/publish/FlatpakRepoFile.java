package io.jenkins.plugins.flatpak.engine.publish;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.repo.KeyFiles;
import io.jenkins.plugins.flatpak.engine.repo.PublicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * Writes {@code <repo>.flatpakrepo} and {@code <repo>.gpg} so users can {@code flatpak remote-add} the repository.
 * Every value is escaped as GKeyFile reads it ({@link KeyFiles}); both files are public ({@link PublicFiles}). The
 * keyring is every key the repository offers: after a key rotation the new key and the keys it replaced, so a client
 * that adds the repository verifies commits signed by either.
 */
final class FlatpakRepoFile {
    private FlatpakRepoFile() {}

    /** @param target the effective values ({@link RepositorySettings#effective}) */
    static void write(PublishTarget target, RepositorySettings settings) {
        StringBuilder s = new StringBuilder("[Flatpak Repo]\n")
                .append("Title=").append(KeyFiles.escape(target.effectiveTitle(), "repository title")).append('\n')
                .append("Url=").append(KeyFiles.escape(target.effectiveUrl(), "repository URL")).append('\n');
        if (target.defaultBranch() != null) {
            s.append("DefaultBranch=").append(target.defaultBranch()).append('\n');
        }
        if (target.collectionId() != null) {
            s.append("DeployCollectionID=").append(target.collectionId()).append('\n');
        }
        byte[] keys = settings.offeredKeys();
        if (keys != null && settings.signed()) {
            s.append("GPGKey=").append(java.util.Base64.getEncoder().encodeToString(keys)).append('\n');
            PublicFiles.write(target.publicKeyFile(), keys);
        } else if (!settings.signed()) {
            try {
                Files.deleteIfExists(target.publicKeyFile()); // a key beside an unsigned repository misleads
            } catch (IOException e) {
                throw new FlatpakException("cannot remove " + target.publicKeyFile() + ": " + e.getMessage(), e);
            }
        }
        PublicFiles.write(target.flatpakrepoFile(), s.toString().getBytes(StandardCharsets.UTF_8));
    }
}
