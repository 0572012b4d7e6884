package io.jenkins.plugins.flatpak.engine.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.flatpak.engine.Names;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Walks a module's sources, reading included sources files relative to the file that names them. Local
 * paths a source reads must lie in the source tree; file: URLs and destinations that climb out of the
 * build directory are refused.
 */
final class SourceWalker {
    private final ManifestFiles files;
    private final Problems problems;

    SourceWalker(ManifestFiles files, Problems problems) {
        this.files = files;
        this.problems = problems;
    }

    /** The {@code sources} list at field {@code key} of the module at {@code where}. */
    List<ManifestSource> sources(JsonNode list, Where where, String key) {
        List<ManifestSource> out = new ArrayList<>();
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            problems.error(where, where.field(key),
                    "expected " + FieldType.SOURCES.expected + ", found " + Fields.describe(list));
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode element = list.get(i);
            Where at = where.element(key, i);
            if (element.isObject()) {
                out.add(source((ObjectNode) element, at));
            } else if (element.isTextual()) {
                ManifestFiles.Document doc = files.include(at, element.textValue());
                if (doc != null) {
                    try {
                        includedSources(doc, out);
                    } finally {
                        files.close(doc);
                    }
                }
            } else {
                problems.error(at, at.path(), "expected a source object or a file name, found " + Fields.describe(element));
            }
        }
        return out;
    }

    /** A sources file holds one source object or a list of source objects (no further file names). */
    private void includedSources(ManifestFiles.Document doc, List<ManifestSource> out) {
        JsonNode tree = doc.tree();
        Where top = doc.top();
        if (tree.isObject()) {
            out.add(source((ObjectNode) tree, top));
        } else if (tree.isArray()) {
            for (int i = 0; i < tree.size(); i++) {
                JsonNode element = tree.get(i);
                if (element.isObject()) {
                    out.add(source((ObjectNode) element, top.index(i)));
                } else {
                    problems.error(top, top.index(i).path(), "expected a source object, found " + Fields.describe(element));
                }
            }
        } else {
            problems.error(top, "", "expected a source object or a list of them, found " + Fields.describe(tree));
        }
    }

    private ManifestSource source(ObjectNode s, Where where) {
        String type = Fields.text(s, "type");
        Map<String, FieldType> schema = type == null ? null : ManifestFields.SOURCE_TYPES.get(type);
        if (!Fields.present(s, "type")) {
            problems.error(where, where.field("type"), "every source needs a type ("
                    + String.join(", ", ManifestFields.SOURCE_TYPES.keySet().stream().sorted().toList()) + ")");
        } else if (type != null && schema == null) {
            problems.error(where, where.field("type"), "unknown source type " + Names.quote(type) + " (flatpak-builder knows "
                    + String.join(", ", ManifestFields.SOURCE_TYPES.keySet().stream().sorted().toList()) + ")");
        }
        if (schema != null) {
            Fields.check(s, schema, "'" + type + "' source", where, problems);
        } else {
            Fields.check(s, Map.of("type", FieldType.STRING), "source", where, problems);
        }
        String archiveType = Fields.text(s, "archive-type");
        if (archiveType != null && !ManifestFields.ARCHIVE_TYPES.contains(archiveType)) {
            problems.error(where, where.field("archive-type"), "unknown archive-type " + Names.quote(archiveType)
                    + " (one of " + String.join(", ", ManifestFields.ARCHIVE_TYPES) + ")");
        }
        staysInside(s, "dest", where);
        staysInside(s, "dest-filename", where);
        String url = Fields.text(s, "url");
        refuseFileUrl(url, where, "url");
        List<String> mirrors = Fields.strings(s, "mirror-urls");
        for (int i = 0; i < mirrors.size(); i++) {
            refuseFileUrl(mirrors.get(i), where, "mirror-urls[" + i + "]");
        }
        List<String> localPaths = new ArrayList<>();
        if (schema != null && ManifestFields.LOCAL_PATH_TYPES.contains(type) && url == null) {
            String path = Fields.text(s, "path");
            if (path != null && localPath(where, "path", path)) {
                localPaths.add(path);
            }
            List<String> paths = Fields.strings(s, "paths");
            for (int i = 0; i < paths.size(); i++) {
                if (localPath(where, "paths[" + i + "]", paths.get(i))) {
                    localPaths.add(paths.get(i));
                }
            }
        }
        return new ManifestSource(type, where.file(), where.path(), url, localPaths);
    }

    /** A path flatpak-builder resolves inside the module's build directory must not climb out of it. */
    void staysInside(JsonNode object, String key, Where where) {
        String value = Fields.text(object, key);
        if (value == null) {
            return;
        }
        boolean escapes;
        try {
            escapes = value.startsWith("/") || value.indexOf('\0') >= 0
                    || Path.of(value).normalize().startsWith("..");
        } catch (InvalidPathException e) {
            escapes = true;
        }
        if (escapes) {
            problems.error(where, where.field(key), Names.quote(value)
                    + " must be a relative path that stays inside the build directory");
        }
    }

    private void refuseFileUrl(String url, Where where, String key) {
        if (url != null && url.toLowerCase(Locale.ROOT).startsWith("file:")) {
            problems.error(where, where.field(key), "file: URLs read the build machine outside the source tree;"
                    + " use a path inside the source tree");
        }
    }

    /** Checks a local source path (relative to the file naming it, inside the tree, existing). */
    private boolean localPath(Where where, String key, String value) {
        try {
            SourceTree.Resolved r = files.tree().resolve(where.dir(), value);
            if (!r.exists()) {
                problems.error(where, where.field(key), Names.quote(value) + " does not exist in the source tree");
                return false;
            }
            return true;
        } catch (SourceTree.PathRefusedException e) {
            problems.error(where, where.field(key), Names.quote(value) + ": " + e.getMessage());
            return false;
        }
    }
}
