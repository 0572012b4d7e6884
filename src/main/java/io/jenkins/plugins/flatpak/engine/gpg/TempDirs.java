package io.jenkins.plugins.flatpak.engine.gpg;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.fs.Trees;

/** Deletes a private temporary directory, retrying while a just-stopped daemon may still remove its sockets. */
final class TempDirs {
    private static final int ATTEMPTS = 5;

    private TempDirs() {}

    static void deleteRecursively(java.nio.file.Path dir) {
        FlatpakException last = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            try {
                Trees.delete(dir);
                return;
            } catch (FlatpakException e) {
                last = e;
                try {
                    Thread.sleep(100L * (i + 1));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new FlatpakException("cannot delete the temporary directory " + dir + ": " + last.getMessage());
    }
}
