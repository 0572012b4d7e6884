package io.jenkins.plugins.flatpak.engine.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.flatpak.engine.Names;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a module's sources as flatpak-builder does (builder-module.c, builder-source.c): objects, and file names
 * of sources files holding one source or a list of them. Every path in a source, also one written in a sources
 * file, is relative to the directory of the file that defines the module. One element flatpak-builder cannot
 * read (no type, an unknown type, an unreadable sources file) makes it warn and drop the whole list, so that is
 * a warning here too. What flatpak-builder would refuse when it downloads and extracts the sources of a module
 * it builds is an error: a missing local path, no URL or path, a URL without a checksum. Paths leaving the source
 * tree, file: URLs and destinations climbing out of the build directory are always refused.
 */
final class SourceWalker {
    private final ManifestFiles files;
    private final Problems problems;

    SourceWalker(ManifestFiles files, Problems problems) {
        this.files = files;
        this.problems = problems;
    }

    /** A source read, not yet checked for what downloading it needs. */
    private record Read(String type, Values.Read values, Where where) {
    }

    /**
     * The {@code sources} list at field {@code key} of the module at {@code where}; empty when flatpak-builder
     * drops it. {@code built}: the module is built on some arch, so what its download needs is checked.
     */
    List<ManifestSource> sources(JsonNode list, Where where, String key, boolean built) {
        if (list == null) {
            return List.of();
        }
        if (!list.isArray()) {
            problems.warning(where, where.field(key), Values.wrongType(PropertyType.SOURCES, list));
            return List.of();
        }
        List<Read> read = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode element = list.get(i);
            Where at = where.element(key, i);
            String dropped;
            if (element.isObject()) {
                dropped = source((ObjectNode) element, at, read);
            } else if (element.isTextual()) {
                dropped = sourcesFile(element.textValue(), at, where, read);
            } else {
                dropped = "expected a source object or a file name, found " + Values.describe(element);
            }
            if (dropped != null) {
                // flatpak-builder stops reading the list here and drops it
                if (!dropped.isEmpty()) {
                    problems.warning(at, at.path(), dropped + ": flatpak-builder warns and ignores the module's"
                            + " whole sources list");
                }
                return List.of();
            }
        }
        List<ManifestSource> out = new ArrayList<>();
        for (Read r : read) {
            if (built) {
                needs(r);
            }
            out.add(new ManifestSource(r.type(), r.where().file(), r.where().path(), r.values().text("url"),
                    localPaths(r)));
        }
        return out;
    }

    /**
     * A sources file: one source object or a list of them, their paths relative to the module's directory.
     * Returns why flatpak-builder drops the module's sources ("" when that was reported already), or null.
     */
    private String sourcesFile(String name, Where at, Where module, List<Read> read) {
        ManifestFiles.Document doc = files.include(at, name, true);
        if (doc == null) {
            return "";
        }
        try {
            Where top = new Where(doc.name(), module.dir(), "");
            JsonNode tree = doc.tree();
            if (tree.isObject()) {
                String why = source((ObjectNode) tree, top, read);
                return why == null ? null : "in " + Names.quote(doc.name()) + ": " + why;
            }
            if (tree.isArray()) {
                for (int i = 0; i < tree.size(); i++) {
                    JsonNode element = tree.get(i);
                    String why = element.isObject() ? source((ObjectNode) element, top.index(i), read)
                            : "expected a source object, found " + Values.describe(element);
                    if (why != null) {
                        return "in " + Names.quote(doc.name()) + " at [" + i + "]: " + why;
                    }
                }
                return null;
            }
            return "in " + Names.quote(doc.name()) + ": expected a source object or a list of them, found "
                    + Values.describe(tree);
        } finally {
            files.close(doc);
        }
    }

    /** Reads one source object; returns why flatpak-builder cannot (it then drops the whole list), or null. */
    private String source(ObjectNode s, Where where, List<Read> read) {
        JsonNode typeNode = s.get("type");
        String type = typeNode != null && typeNode.isTextual() ? typeNode.textValue() : null;
        if (type == null) {
            return "every source needs a type (" + knownTypes() + "); found "
                    + (typeNode == null ? "none" : Values.describe(typeNode)) + " (\"Missing source type\")";
        }
        ManifestProperties.Scope scope = ManifestProperties.SOURCES_BY_TYPE.get(type);
        if (scope == null) {
            return "unknown source type " + Names.quote(type) + " (" + knownTypes() + ")";
        }
        Values.Read values = Values.read(s, scope, where, problems);
        Read r = new Read(type, values, where);
        confined(r);
        read.add(r);
        return null;
    }

    private static String knownTypes() {
        return String.join(", ", ManifestProperties.SOURCES_BY_TYPE.keySet().stream().sorted().toList());
    }

    /** What is refused whether or not the module is built: escaping paths, file: URLs, bad destinations. */
    private void confined(Read r) {
        Values.Read v = r.values();
        Where where = r.where();
        staysInside(v.text("dest"), where, "dest");
        String destFilename = v.text("dest-filename");
        if (destFilename != null) {
            if (destFilename.indexOf('/') >= 0) {
                problems.error(where, where.field("dest-filename"), Names.quote(destFilename)
                        + ": no slashes are allowed in dest-filename (flatpak-builder refuses it: use dest for the"
                        + " directory)");
            } else if (destFilename.isEmpty() || destFilename.equals(".") || destFilename.equals("..")
                    || destFilename.indexOf('\0') >= 0) {
                problems.error(where, where.field("dest-filename"), Names.quote(destFilename)
                        + " is not a file name");
            }
        }
        refuseFileUrl(v.text("url"), where, "url");
        List<String> mirrors = v.strings("mirror-urls");
        for (int i = 0; i < mirrors.size(); i++) {
            refuseFileUrl(mirrors.get(i), where, "mirror-urls[" + i + "]");
        }
        for (Local local : locals(r)) {
            try {
                files.tree().resolve(where.dir(), local.value());
            } catch (SourceTree.PathRefusedException e) {
                problems.error(where, where.field(local.field()), Names.quote(local.value()) + ": " + e.getMessage());
            }
        }
    }

    /** A local path a source reads, and the field it is written in. */
    private record Local(String field, String value) {
    }

    /** The local paths flatpak-builder reads for the source (a URL, where there is one, wins over path). */
    private static List<Local> locals(Read r) {
        List<Local> out = new ArrayList<>();
        Values.Read v = r.values();
        switch (r.type()) {
            case "archive", "file", "git", "dir" -> {
                if (v.text("url") == null && v.text("path") != null) {
                    out.add(new Local("path", v.text("path")));
                }
            }
            case "patch" -> {
                if (v.text("path") != null) {
                    out.add(new Local("path", v.text("path")));
                }
                List<String> paths = v.strings("paths");
                for (int i = 0; i < paths.size(); i++) {
                    out.add(new Local("paths[" + i + "]", paths.get(i)));
                }
            }
            default -> {
                // no local files
            }
        }
        return out;
    }

    private static List<String> localPaths(Read r) {
        return locals(r).stream().map(Local::value).toList();
    }

    /** What flatpak-builder needs to download and extract the source, each missing piece an error. */
    private void needs(Read r) {
        Values.Read v = r.values();
        Where where = r.where();
        String url = v.text("url");
        switch (r.type()) {
            case "archive", "file" -> {
                if (url == null && v.text("path") == null) {
                    missing(where, "path", "a path or a url", "source file path or url not specified");
                }
                if (url != null && v.text("md5") == null && v.text("sha1") == null && v.text("sha256") == null
                        && v.text("sha512") == null) {
                    missing(where, "sha256", "a checksum (sha256, sha512, sha1 or md5) for its url",
                            "No checksum specified");
                }
                String archiveType = v.text("archive-type");
                if (r.type().equals("archive") && archiveType != null
                        && !ManifestProperties.ARCHIVE_TYPES.contains(archiveType)) {
                    problems.error(where, where.field("archive-type"), "unknown archive-type "
                            + Names.quote(archiveType) + " (one of " + String.join(", ", ManifestProperties.ARCHIVE_TYPES)
                            + "): flatpak-builder cannot extract it");
                }
            }
            case "patch" -> {
                if (v.text("path") == null && v.strings("paths").isEmpty()) {
                    missing(where, "path", "a path or paths", "path not specified");
                }
            }
            case "git" -> {
                if (url == null && v.text("path") == null) {
                    missing(where, "url", "a url or a path", "No URL or path specified");
                }
            }
            case "dir" -> {
                if (v.text("path") == null) {
                    missing(where, "path", "a path", "source dir path not specified");
                }
            }
            case "bzr", "svn" -> {
                if (url == null) {
                    missing(where, "url", "a url", "URL not specified");
                }
            }
            case "extra-data" -> {
                if (v.text("filename") == null) {
                    missing(where, "filename", "a filename", "No filename specified for extra data source");
                } else if (url == null) {
                    missing(where, "url", "a url", "No url specified for extra data source");
                } else if (v.text("sha256") == null) {
                    missing(where, "sha256", "a sha256", "No sha256 specified for extra data source");
                } else if (!v.has("size") || v.get("size").longValue() == 0) {
                    missing(where, "size", "a size other than 0", "No size specified for extra data source");
                }
            }
            default -> {
                // inline, script and shell sources need nothing
            }
        }
        for (Local local : locals(r)) {
            exists(r.type(), local, where);
        }
    }

    private void missing(Where where, String field, String what, String flatpakBuilderSays) {
        problems.error(where, where.field(field), "the source needs " + what + " (flatpak-builder refuses it: "
                + flatpakBuilderSays + ")");
    }

    /** The local path exists in the tree, as the kind of file the source type reads. */
    private void exists(String type, Local local, Where where) {
        SourceTree.Resolved resolved;
        try {
            resolved = files.tree().resolve(where.dir(), local.value());
        } catch (SourceTree.PathRefusedException e) {
            return; // reported as an error already
        }
        String field = where.field(local.field());
        if (!resolved.exists()) {
            problems.error(where, field, Names.quote(local.value()) + " does not exist in the source tree (relative to "
                    + dirName(where) + ", the directory of the file that defines the module" + besideFile(local, where)
                    + ")");
            return;
        }
        Path real = resolved.real();
        if (type.equals("dir") && !Files.isDirectory(real)) {
            problems.error(where, field, Names.quote(local.value()) + " is not a directory");
        } else if (type.equals("git") && !(Files.exists(real.resolve(".git")) || Files.isRegularFile(real.resolve("HEAD")))) {
            problems.error(where, field, Names.quote(local.value()) + " is not a git repository");
        }
    }

    /**
     * A hint when the path exists next to the sources file it is written in: flatpak-builder does not look there
     * (builder_source_set_base_dir gets the module's directory).
     */
    private String besideFile(Local local, Where where) {
        Path fileDir = files.tree().root().resolve(where.file()).getParent();
        if (fileDir == null || fileDir.equals(where.dir())) {
            return "";
        }
        try {
            if (files.tree().resolve(fileDir, local.value()).exists()) {
                return "; it is next to " + Names.quote(where.file()) + ", but flatpak-builder reads the paths in a"
                        + " sources file relative to the module's directory";
            }
        } catch (SourceTree.PathRefusedException e) {
            // no hint
        }
        return "";
    }

    private String dirName(Where where) {
        String d = files.tree().display(where.dir());
        return d.isEmpty() ? "the top of the source tree" : Names.quote(d);
    }

    /** A path flatpak-builder resolves inside the module's build directory must not climb out of it. */
    void staysInside(String value, Where where, String key) {
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
}
