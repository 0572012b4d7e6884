package io.jenkins.plugins.flatpak.engine.build;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.fs.Trees;
import io.jenkins.plugins.flatpak.engine.repo.OstreeRepo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Applies a {@link CacheRetention} to one flatpak-builder state dir. Call it while holding the state dir's lock.
 *
 * <p>What it knows of flatpak-builder's layout (builder-cache.c, builder-main.c): {@code cache/} is an OSTree
 * repository with one ref {@code <branch>/<stage>} per build stage, where the branch names the manifest (see
 * {@link CacheBranch}); after a build flatpak-builder itself drops the stages that manifest no longer has and
 * prunes, but never touches other manifests' branches, {@code downloads/}, {@code git/} mirrors or
 * {@code ccache/}, and leaves module build dirs in {@code build/} when a build fails.
 *
 * <p>"Last used": for a cache branch, the newest modification time of its ref files, which the builder sets to
 * the build's time for the branch each build uses ({@link #markUsed}); for anything else, the newest
 * modification or access time below it (file systems mounted {@code noatime} degrade to modification time).
 */
final class StateRetention {
    static final List<String> ENTRY_DIRS = List.of("build", "downloads", "git");
    private static final String CCACHE = "ccache";

    private final ToolRunner runner;

    StateRetention(ToolRunner runner) {
        this.runner = runner;
    }

    /** Marks the cache branch a build just used as used now, so age limits measure from its last use. */
    static void markUsed(Path stateDir, String branch, Instant now) {
        Path dir = branchesDir(stateDir).resolve(branch);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> refs = Files.list(dir)) {
            for (Path ref : (Iterable<Path>) refs::iterator) {
                if (Files.isRegularFile(ref, LinkOption.NOFOLLOW_LINKS)) {
                    Files.setLastModifiedTime(ref, FileTime.from(now));
                }
            }
        } catch (IOException e) {
            throw new FlatpakException("cannot mark the cache of " + branch + " as used: " + e.getMessage(), e);
        }
    }

    RetentionReport apply(Path stateDir, String currentBranch, CacheRetention retention, Instant now, OutputSink log,
            Cancellation cancel) {
        List<String> removed = new ArrayList<>();
        if (retention.maxAge() != null) {
            applyAge(stateDir, currentBranch, now.minus(retention.maxAge()), now, removed, log, cancel);
        }
        long size = -1;
        if (retention.maxBytes() != null) {
            size = Trees.size(stateDir);
            if (size > retention.maxBytes()) {
                size = applySize(stateDir, currentBranch, retention.maxBytes(), size, now, removed, log, cancel);
            }
        }
        return new RetentionReport(size, removed);
    }

    private void applyAge(Path stateDir, String currentBranch, Instant cutoff, Instant now, List<String> removed,
            OutputSink log, Cancellation cancel) {
        for (Entry e : entries(stateDir)) {
            if (e.lastUse.isBefore(cutoff)) {
                delete(e, now, removed);
            }
        }
        Path ccache = stateDir.resolve(CCACHE);
        if (Files.isDirectory(ccache, LinkOption.NOFOLLOW_LINKS)) {
            long[] gone = {0, 0};
            Trees.walkFiles(ccache, (file, attrs) -> {
                if (lastUse(attrs).isBefore(cutoff)) {
                    Files.deleteIfExists(file);
                    gone[0]++;
                    gone[1] += attrs.size();
                }
            });
            if (gone[0] > 0) {
                removed.add("ccache: " + gone[0] + " file(s) (" + gone[1] + " bytes) unused since before " + cutoff);
            }
        }
        boolean pruned = false;
        for (Entry b : branches(stateDir)) {
            if (!b.name.equals(currentBranch) && b.lastUse.isBefore(cutoff)) {
                deleteBranch(stateDir, b, now, removed, log, cancel);
                pruned = true;
            }
        }
        if (pruned) {
            cache(stateDir).pruneUnreferenced(log, cancel);
        }
    }

    private long applySize(Path stateDir, String currentBranch, long maxBytes, long size, Instant now,
            List<String> removed, OutputSink log, Cancellation cancel) {
        List<Entry> entries = entries(stateDir);
        // module build dirs go first: they only help someone debugging a failed build
        for (Entry e : entries) {
            if (size > maxBytes && e.path.getParent().getFileName().toString().equals("build")) {
                size -= delete(e, now, removed);
            }
        }
        Path ccache = stateDir.resolve(CCACHE);
        if (size > maxBytes && Files.isDirectory(ccache, LinkOption.NOFOLLOW_LINKS)) {
            size -= delete(new Entry(ccache, CCACHE, now), now, removed);
        }
        for (Entry e : entries) {
            if (size > maxBytes && Files.exists(e.path, LinkOption.NOFOLLOW_LINKS)) {
                size -= delete(e, now, removed);
            }
        }
        List<Entry> branches = new ArrayList<>(branches(stateDir));
        // other manifests' caches first (oldest first), the cache of the manifest just built last
        branches.sort(Comparator.comparing((Entry b) -> b.name.equals(currentBranch)).thenComparing(b -> b.lastUse));
        for (Entry b : branches) {
            if (size <= maxBytes) {
                break;
            }
            deleteBranch(stateDir, b, now, removed, log, cancel);
            cache(stateDir).pruneUnreferenced(log, cancel);
            size = Trees.size(stateDir);
        }
        return size;
    }

    /** Entries of build/, downloads/ and git/, least recently used first. */
    private static List<Entry> entries(Path stateDir) {
        List<Entry> entries = new ArrayList<>();
        for (String dir : ENTRY_DIRS) {
            Path d = stateDir.resolve(dir);
            if (!Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (Stream<Path> list = Files.list(d)) {
                for (Path p : (Iterable<Path>) list::iterator) {
                    entries.add(new Entry(p, dir + "/" + p.getFileName(), lastUse(p)));
                }
            } catch (IOException e) {
                throw new FlatpakException("cannot list " + d + ": " + e.getMessage(), e);
            }
        }
        entries.sort(Comparator.comparing(e -> e.lastUse));
        return entries;
    }

    /** The cache repository's branches, with the time each was last used. */
    private static List<Entry> branches(Path stateDir) {
        Path heads = branchesDir(stateDir);
        List<Entry> branches = new ArrayList<>();
        if (!Files.isDirectory(heads, LinkOption.NOFOLLOW_LINKS)) {
            return branches;
        }
        try (Stream<Path> list = Files.list(heads)) {
            for (Path dir : (Iterable<Path>) list::iterator) {
                Instant[] newest = {null};
                Trees.walkFiles(dir, (file, attrs) -> {
                    Instant t = attrs.lastModifiedTime().toInstant();
                    if (newest[0] == null || t.isAfter(newest[0])) {
                        newest[0] = t;
                    }
                });
                if (newest[0] == null) {
                    deleteEmptyDirs(dir);
                } else {
                    branches.add(new Entry(dir, dir.getFileName().toString(), newest[0]));
                }
            }
        } catch (IOException e) {
            throw new FlatpakException("cannot list " + heads + ": " + e.getMessage(), e);
        }
        return branches;
    }

    private void deleteBranch(Path stateDir, Entry branch, Instant now, List<String> removed, OutputSink log,
            Cancellation cancel) {
        List<String> refs = new ArrayList<>();
        Trees.walkFiles(branch.path, (file, attrs) -> refs.add(branchesDir(stateDir).relativize(file).toString()));
        cache(stateDir).deleteRefs(refs, log, cancel);
        deleteEmptyDirs(branch.path);
        removed.add("cache of " + branch.name + " (" + refs.size() + " stage(s), last used "
                + age(branch.lastUse, now) + ")");
    }

    private static long delete(Entry e, Instant now, List<String> removed) {
        long bytes = Trees.size(e.path);
        Trees.delete(e.path);
        removed.add(e.name + " (" + bytes + " bytes, last used " + age(e.lastUse, now) + ")");
        return bytes;
    }

    /** Removes the directory {@code ostree refs --delete} leaves behind for a branch, if nothing is in it. */
    private static void deleteEmptyDirs(Path branchDir) {
        long[] files = {0};
        Trees.walkFiles(branchDir, (file, attrs) -> files[0]++);
        if (files[0] == 0 && Files.isDirectory(branchDir, LinkOption.NOFOLLOW_LINKS)) {
            Trees.delete(branchDir);
        }
    }

    private OstreeRepo cache(Path stateDir) {
        return new OstreeRepo(stateDir.resolve("cache"), runner);
    }

    private static Path branchesDir(Path stateDir) {
        return stateDir.resolve("cache").resolve("refs").resolve("heads");
    }

    private static String age(Instant lastUse, Instant now) {
        Duration d = Duration.between(lastUse, now);
        return d.toDays() > 0 ? d.toDays() + " day(s) ago" : d.toMinutes() + " minute(s) ago";
    }

    /**
     * A file's newest modification or access time; a directory's modification time only, since merely listing a
     * directory (as this class does) updates its access time.
     */
    private static Instant lastUse(BasicFileAttributes attrs) {
        Instant m = attrs.lastModifiedTime().toInstant();
        if (attrs.isDirectory()) {
            return m;
        }
        Instant a = attrs.lastAccessTime().toInstant();
        return a.isAfter(m) ? a : m;
    }

    /** The newest modification or access time of {@code root} and everything below it. */
    static Instant lastUse(Path root) {
        Instant[] newest = {Instant.EPOCH};
        try {
            BasicFileAttributes top = Files.readAttributes(root, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            newest[0] = lastUse(top);
        } catch (IOException e) {
            return newest[0];
        }
        if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            Trees.walkFiles(root, (file, attrs) -> {
                Instant t = lastUse(attrs);
                if (t.isAfter(newest[0])) {
                    newest[0] = t;
                }
            });
        }
        return newest[0];
    }

    private record Entry(Path path, String name, Instant lastUse) {}
}
