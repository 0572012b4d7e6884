package io.jenkins.plugins.flatpak.engine.publish;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.fs.Trees;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The signed summary of a target repository as it was before a summary update, kept while the update runs.
 * {@code flatpak build-update-repo} writes the summary, its index and their signatures one file after another, so
 * a process killed in between leaves a summary that does not match its signature, and nothing but the signing key
 * can repair that. With the previous files kept (as hard links: the tool replaces files by renaming new ones over
 * them, so the old contents stay intact), whoever next holds the repository's writer lock puts the previous signed
 * summary back: the repository again verifies and lists commits it holds, and the next publish updates it.
 *
 * <p>Lives next to the repository ({@code .<name>.summary-backup}), as its writer lock does, so that a repository
 * served as it is never shows it. Every method must be called under the repository's writer lock.
 */
final class SummaryBackup {
    /** What a summary update replaces; {@code summaries/} (the sub-summaries the index names) is kept too. */
    private static final List<String> FILES = List.of("summary", "summary.sig", "summary.idx", "summary.idx.sig");
    private static final String SUB_SUMMARIES = "summaries";
    /** Names that did not exist before the update: a restore removes them. */
    private static final String ABSENT = ".absent";

    private SummaryBackup() {}

    static Path dirOf(Path repo) {
        return repo.resolveSibling("." + repo.getFileName() + ".summary-backup");
    }

    /** Keeps the current summary files; a backup left by an interrupted update is put back first. */
    static void take(Path repo, OutputSink log) {
        restoreIfInterrupted(repo, log);
        Path dir = dirOf(repo);
        Path partial = dir.resolveSibling(dir.getFileName() + ".partial");
        try {
            Trees.delete(partial);
            Files.createDirectories(partial.resolve(SUB_SUMMARIES));
            List<String> absent = new ArrayList<>();
            for (String name : FILES) {
                Path file = repo.resolve(name);
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createLink(partial.resolve(name), file);
                } else {
                    absent.add(name);
                }
            }
            Path subs = repo.resolve(SUB_SUMMARIES);
            if (Files.isDirectory(subs, LinkOption.NOFOLLOW_LINKS)) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(subs)) {
                    for (Path f : files) {
                        if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                            Files.createLink(partial.resolve(SUB_SUMMARIES).resolve(f.getFileName()), f);
                        }
                    }
                }
            }
            Files.write(partial.resolve(ABSENT), absent);
            // Only a complete backup has the name a restore looks for.
            Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Trees.delete(partial);
            throw new FlatpakException("cannot keep the summary of " + repo + " before updating it: " + e.getMessage(),
                    e);
        }
    }

    /** The update finished: its summary is signed, the previous one is no longer needed. */
    static void discard(Path repo) {
        Trees.delete(dirOf(repo));
    }

    /**
     * Puts back the summary kept by an update that did not finish (its process was killed, or the tool failed),
     * and removes the backup. Returns whether there was one.
     */
    static boolean restoreIfInterrupted(Path repo, OutputSink log) {
        Path dir = dirOf(repo);
        Trees.delete(dir.resolveSibling(dir.getFileName() + ".partial"));
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            for (String name : FILES) {
                Path kept = dir.resolve(name);
                if (Files.isRegularFile(kept, LinkOption.NOFOLLOW_LINKS)) {
                    replace(kept, repo.resolve(name));
                }
            }
            for (String name : Files.readAllLines(dir.resolve(ABSENT))) {
                if (FILES.contains(name)) {
                    Files.deleteIfExists(repo.resolve(name));
                }
            }
            Path subs = dir.resolve(SUB_SUMMARIES);
            Files.createDirectories(repo.resolve(SUB_SUMMARIES));
            try (DirectoryStream<Path> files = Files.newDirectoryStream(subs)) {
                for (Path f : files) {
                    Path target = repo.resolve(SUB_SUMMARIES).resolve(f.getFileName());
                    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                        replace(f, target);
                    }
                }
            }
        } catch (IOException e) {
            throw new FlatpakException("cannot put back the previous summary of " + repo + ": " + e.getMessage(), e);
        }
        Trees.delete(dir);
        log.line("[flatpak] a summary update of " + repo + " was interrupted; its previous signed summary is back");
        return true;
    }

    /** Replaces {@code target} with the contents of {@code kept} in one rename, so no reader sees half a file. */
    private static void replace(Path kept, Path target) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".restore");
        Files.deleteIfExists(tmp);
        Files.createLink(tmp, kept);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
