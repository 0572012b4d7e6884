package io.jenkins.plugins.flatpak.engine.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Finds the manifest in a checked-out source tree, or confines a manifest path the user gave to it.
 * A manifest is a {@code .json}, {@code .yml} or {@code .yaml} file with an {@code id} (or {@code app-id})
 * and {@code modules}, at the top of the tree or up to two directories down (which covers the
 * {@code build-aux/flatpak/} layout); hidden directories and {@code node_modules} are not searched.
 */
public final class ManifestLocator {
    private static final int MAX_DEPTH = 2;
    private static final int MAX_EXAMINED = 2000;

    private ManifestLocator() {}

    /** A manifest found in the tree: its path and the app id it builds. */
    private record Candidate(Path path, String name, String appId) {
        @Override
        public String toString() {
            return name + " (" + appId + ")";
        }
    }

    /**
     * The one manifest of the tree, or the one building {@code appIdOrNull} when there are several.
     *
     * @throws InvalidInputException when there is none, or no single one fits; the message lists what was found
     */
    public static Path find(Path sourceRoot, String appIdOrNull) {
        if (appIdOrNull != null) {
            Names.appId(appIdOrNull);
        }
        SourceTree tree = SourceTree.of(sourceRoot);
        List<Candidate> all = new ArrayList<>();
        scan(tree, tree.root(), 0, all, new int[1]);
        String where = Names.quote(tree.root().toString());
        if (all.isEmpty()) {
            throw new InvalidInputException("no flatpak manifest (a .json, .yml or .yaml file with an id and modules)"
                    + " found in " + where + " or the two directory levels below it");
        }
        if (appIdOrNull == null) {
            if (all.size() == 1) {
                return all.get(0).path();
            }
            throw new InvalidInputException("several flatpak manifests found in " + where + ": " + list(all)
                    + "; give the app id or the manifest path to use");
        }
        List<Candidate> matching = all.stream().filter(c -> c.appId().equals(appIdOrNull)).toList();
        if (matching.size() == 1) {
            return matching.get(0).path();
        }
        if (matching.isEmpty()) {
            throw new InvalidInputException("no flatpak manifest for app id " + Names.quote(appIdOrNull) + " in "
                    + where + "; found: " + list(all));
        }
        throw new InvalidInputException("several flatpak manifests build " + Names.quote(appIdOrNull) + " in "
                + where + ": " + list(matching) + "; give the manifest path to use");
    }

    /**
     * The manifest at {@code relativeManifestPath} inside the tree: relative, not leaving the tree by
     * {@code ..} or a symbolic link, and an existing file.
     */
    public static Path resolve(Path sourceRoot, String relativeManifestPath) {
        SourceTree tree = SourceTree.of(sourceRoot);
        SourceTree.Resolved r;
        try {
            r = tree.resolve(tree.root(), relativeManifestPath);
        } catch (SourceTree.PathRefusedException e) {
            throw new InvalidInputException("manifest path " + Names.quote(relativeManifestPath) + ": " + e.getMessage());
        }
        if (!r.exists()) {
            throw new InvalidInputException("manifest path " + Names.quote(relativeManifestPath)
                    + " does not exist in the source tree");
        }
        if (!Files.isRegularFile(r.real())) {
            throw new InvalidInputException("manifest path " + Names.quote(relativeManifestPath) + " is not a file");
        }
        return r.path();
    }

    /**
     * The manifest a build or a validation uses: {@code relativeManifestPathOrNull} inside the tree when given
     * ({@link #resolve}), else the one found in it ({@link #find}, for {@code appIdOrNull} when given).
     */
    public static Path locate(Path sourceRoot, String relativeManifestPathOrNull, String appIdOrNull) {
        return relativeManifestPathOrNull == null ? find(sourceRoot, appIdOrNull)
                : resolve(sourceRoot, relativeManifestPathOrNull);
    }

    private static String list(List<Candidate> candidates) {
        return candidates.stream().map(Candidate::toString).collect(Collectors.joining(", "));
    }

    private static void scan(SourceTree tree, Path dir, int depth, List<Candidate> out, int[] examined) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(entries::add);
        } catch (IOException e) {
            return;
        }
        entries.sort(null);
        for (Path entry : entries) {
            String fileName = entry.getFileName().toString();
            if (fileName.startsWith(".")) {
                continue;
            }
            if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                if (depth < MAX_DEPTH && !fileName.equals("node_modules")) {
                    scan(tree, entry, depth + 1, out, examined);
                }
            } else if (isManifestName(fileName) && examined[0]++ < MAX_EXAMINED) {
                Candidate c = candidate(tree, entry);
                if (c != null) {
                    out.add(c);
                }
            }
        }
    }

    private static boolean isManifestName(String fileName) {
        return fileName.endsWith(".json") || fileName.endsWith(".yml") || fileName.endsWith(".yaml");
    }

    /** The id flatpak-builder reads: of {@code id} and {@code app-id}, the string written last. */
    private static String appId(JsonNode node) {
        String id = null;
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if ((e.getKey().equals("id") || e.getKey().equals("app-id")) && e.getValue().isTextual()) {
                    id = e.getValue().textValue();
                }
            }
        }
        return id;
    }

    /** The file as a candidate when it parses as a manifest; anything else (package.json, …) is not one. */
    private static Candidate candidate(SourceTree tree, Path file) {
        ManifestLimits limits = ManifestLimits.defaults();
        try {
            SourceTree.Resolved r = tree.resolve(tree.root(), tree.root().relativize(file).toString());
            if (!r.exists() || !Files.isRegularFile(r.real()) || Files.size(r.real()) > limits.maxFileBytes()) {
                return null;
            }
            String text = new String(Files.readAllBytes(r.real()), StandardCharsets.UTF_8);
            JsonNode node = new DocumentParser(limits).parse(file.getFileName().toString(), text, new ArrayList<>(),
                    new ExpansionBudget(limits));
            String id = appId(node);
            if (id == null || !node.has("modules")) {
                return null;
            }
            return new Candidate(r.path(), tree.display(r.path()), id);
        } catch (SourceTree.PathRefusedException | BadDocumentException | IOException e) {
            return null;
        }
    }
}
