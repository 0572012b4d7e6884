package io.jenkins.plugins.flatpak.engine.transfer;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.Names;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Moves chosen objects of a repository as one stream (a zip archive, one entry per object, named by the object
 * name), for a channel with no shared filesystem. Content objects ({@code .filez}) are already compressed and are
 * stored as they are; metadata objects are deflated.
 *
 * <p>The receiving side trusts nothing in the stream: only names it asked for are accepted, none twice, none
 * larger than the inventory said, and the import that follows re-checksums every object.
 */
public final class ObjectPack {
    private static final int BUFFER = 64 * 1024;

    private ObjectPack() {}

    /** What {@link #read} stored. */
    public record Received(int objects, long bytes) {}

    /**
     * Writes the named objects of {@code repo} to {@code out} and finishes the archive, leaving {@code out} open.
     * Returns the number of object bytes written.
     */
    public static long write(Path repo, Collection<String> names, OutputStream out) {
        long bytes = 0;
        ZipOutputStream zip = new ZipOutputStream(out);
        try {
            for (String name : new TreeSet<>(names)) {
                Path file = repo.resolve(ObjectNames.relativePath(name));
                zip.setLevel(name.endsWith(".filez") ? Deflater.NO_COMPRESSION : Deflater.BEST_SPEED);
                zip.putNextEntry(new ZipEntry(name));
                bytes += Files.copy(file, zip);
                zip.closeEntry();
            }
            zip.finish();
            zip.flush();
        } catch (IOException e) {
            throw new FlatpakException("cannot send objects of " + repo + ": " + e.getMessage(), e);
        }
        return bytes;
    }

    /**
     * Stores the objects of a stream written by {@link #write} into the staging repository {@code stagingRepo}
     * (see {@code BuildRepository.createStaging}). Fails unless exactly the {@code expected} objects arrive, each
     * no larger than {@code inventory} lists it.
     */
    public static Received read(InputStream in, Path stagingRepo, ObjectInventory inventory,
            Collection<String> expected) {
        Set<String> wanted = new HashSet<>(expected);
        Set<String> seen = new HashSet<>();
        long bytes = 0;
        ZipInputStream zip = new ZipInputStream(in);
        try {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                String name = entry.getName();
                if (!ObjectNames.valid(name) || !wanted.contains(name)) {
                    throw new FlatpakException("received " + Names.quote(name) + ", which is not an object that was"
                            + " asked for");
                }
                if (!seen.add(name)) {
                    throw new FlatpakException("received object " + name + " twice");
                }
                Long declared = inventory.objects().get(name);
                long limit = declared == null ? 0 : declared;
                bytes += store(zip, stagingRepo.resolve(ObjectNames.relativePath(name)), limit, name);
            }
        } catch (IOException e) {
            throw new FlatpakException("cannot receive objects into " + stagingRepo + ": " + e.getMessage(), e);
        }
        wanted.removeAll(seen);
        if (!wanted.isEmpty()) {
            throw new FlatpakException(wanted.size() + " object(s) asked for did not arrive, e.g. "
                    + wanted.iterator().next());
        }
        return new Received(seen.size(), bytes);
    }

    private static long store(InputStream in, Path target, long limit, String name) throws IOException {
        Files.createDirectories(target.getParent());
        long written = 0;
        byte[] buffer = new byte[BUFFER];
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                written += n;
                if (written > limit) {
                    throw new FlatpakException("object " + name + " is larger than the " + limit
                            + " bytes its inventory lists");
                }
                out.write(buffer, 0, n);
            }
        }
        return written;
    }
}
