package io.jenkins.plugins.flatpak.engine.transfer;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.Names;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a build's export repository holds, made on the machine that built it: the refs with their commits and
 * every loose object with its size in bytes. The controller compares it with the build-repo
 * ({@code BuildRepository.missing}) so only the objects the build-repo lacks travel.
 *
 * <p>A per-build export repository holds exactly the objects of that build, which is what the inventory lists.
 * Plain data, so it can cross a Jenkins remoting channel.
 *
 * @param refs    ref to commit checksum, as exported
 * @param objects object name ({@code <sha256>.<type>}) to the size of its file in bytes
 */
public record ObjectInventory(Map<String, String> refs, SortedMap<String, Long> objects) implements Serializable {

    public ObjectInventory {
        Map<String, String> r = new LinkedHashMap<>();
        refs.forEach((ref, commit) -> r.put(Names.ref(ref), Names.checksum(commit)));
        refs = Collections.unmodifiableMap(r);
        SortedMap<String, Long> o = new TreeMap<>();
        objects.forEach((name, size) -> o.put(ObjectNames.check(name), size));
        objects = Collections.unmodifiableSortedMap(o);
        for (String commit : refs.values()) {
            if (!objects.containsKey(ObjectNames.commit(commit))) {
                throw new FlatpakException("the inventory lacks commit " + commit + " of its own refs");
            }
        }
    }

    /**
     * Lists every loose object of an archive-mode repository (what flatpak-builder and {@code flatpak build-export}
     * create). {@code refs} are the refs to transfer; each commit must be in the repository.
     */
    public static ObjectInventory of(Path repo, Map<String, String> refs) {
        Path objectsDir = repo.resolve("objects");
        if (!Files.isDirectory(objectsDir)) {
            throw new FlatpakException(repo + " is not an OSTree repository (no objects directory)");
        }
        SortedMap<String, Long> objects = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(objectsDir)) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                String prefix = dir.getFileName().toString();
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path file : (Iterable<Path>) files::iterator) {
                        String fileName = file.getFileName().toString();
                        if (fileName.endsWith(".file")) {
                            throw new FlatpakException(repo + " is not an archive-mode repository; export the build"
                                    + " with flatpak-builder --repo or flatpak build-export");
                        }
                        String name = ObjectNames.fromPath(prefix, fileName);
                        if (name != null && Files.isRegularFile(file)) {
                            objects.put(name, Files.size(file));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new FlatpakException("cannot list the objects of " + repo + ": " + e.getMessage(), e);
        }
        return new ObjectInventory(refs, objects);
    }

    /** Total size of the listed objects. */
    public long bytes() {
        return objects.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Total size of the named objects. */
    public long bytes(Collection<String> names) {
        return names.stream().mapToLong(n -> objects.getOrDefault(n, 0L)).sum();
    }
}
