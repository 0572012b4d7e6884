package io.jenkins.plugins.flatpak.engine.publish;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes {@code <repo>.flatpakrepo} and {@code <repo>.gpg} so users can {@code flatpak remote-add} the repository. */
final class FlatpakRepoFile {
    private FlatpakRepoFile() {}

    static void write(PublishTarget target, SigningKey key) {
        StringBuilder s = new StringBuilder("[Flatpak Repo]\n")
                .append("Title=").append(target.effectiveTitle()).append('\n')
                .append("Url=").append(target.effectiveUrl()).append('\n');
        if (target.collectionId() != null) {
            s.append("DeployCollectionID=").append(target.collectionId()).append('\n');
        }
        if (key != null) {
            s.append("GPGKey=").append(key.publicKeyBase64()).append('\n');
            writeAtomically(target.publicKeyFile(), key.publicKeyBinary());
        }
        writeAtomically(target.flatpakrepoFile(), s.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void writeAtomically(Path file, byte[] content) {
        try {
            Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
            Files.write(tmp, content);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new FlatpakException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
