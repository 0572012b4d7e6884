package io.jenkins.plugins.flatpak.engine.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Walks modules and their build options, reading included module files the way flatpak-builder does
 * (relative to the file that names them), and reports every problem found; sources go to {@link SourceWalker}.
 */
final class ModuleWalker {
    private final ManifestFiles files;
    private final Problems problems;
    private final SourceWalker sourceWalker;
    private final int maxModuleDepth;
    private boolean usesBuildArgs;

    ModuleWalker(ManifestFiles files, Problems problems, int maxModuleDepth) {
        this.files = files;
        this.problems = problems;
        this.sourceWalker = new SourceWalker(files, problems);
        this.maxModuleDepth = maxModuleDepth;
    }

    boolean usesBuildArgs() {
        return usesBuildArgs;
    }

    /** The {@code modules} list at field {@code key} of the object at {@code where}. */
    List<ManifestModule> modules(JsonNode list, Where where, String key, int depth) {
        List<ManifestModule> out = new ArrayList<>();
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            problems.error(where, where.field(key),
                    "expected " + FieldType.MODULES.expected + ", found " + Fields.describe(list));
            return out;
        }
        if (depth >= maxModuleDepth) {
            problems.error(where, where.field(key), "modules nested more than " + maxModuleDepth + " deep");
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode element = list.get(i);
            Where at = where.element(key, i);
            if (element.isObject()) {
                out.add(module((ObjectNode) element, at, depth + 1));
            } else if (element.isTextual()) {
                ManifestFiles.Document doc = files.include(at, element.textValue());
                if (doc == null) {
                    continue;
                }
                try {
                    if (doc.tree().isObject()) {
                        out.add(module((ObjectNode) doc.tree(), doc.top(), depth + 1));
                    } else {
                        problems.error(doc.name(), "", "expected a module object, found " + Fields.describe(doc.tree()));
                    }
                } finally {
                    files.close(doc);
                }
            } else {
                problems.error(at, at.path(), "expected a module object or a file name, found " + Fields.describe(element));
            }
        }
        return out;
    }

    private ManifestModule module(ObjectNode m, Where where, int depth) {
        Fields.check(m, ManifestFields.MODULE, "module", where, problems);
        String name = Fields.text(m, "name");
        if (!Fields.present(m, "name")) {
            problems.error(where, where.field("name"), "every module needs a name");
        } else if (name != null) {
            try {
                Names.moduleName(name);
            } catch (InvalidInputException e) {
                problems.error(where, where.field("name"), e.getMessage());
            }
        }
        String buildsystem = Fields.text(m, "buildsystem");
        if (buildsystem != null && !ManifestFields.BUILDSYSTEMS.contains(buildsystem)) {
            problems.error(where, where.field("buildsystem"), "unknown buildsystem " + Names.quote(buildsystem)
                    + " (flatpak-builder knows " + String.join(", ", ManifestFields.BUILDSYSTEMS) + ")");
        }
        if ("simple".equals(buildsystem) && !Fields.present(m, "build-commands")) {
            problems.error(where, where.field("build-commands"), "buildsystem simple needs build-commands");
        }
        if (Fields.bool(m, "cmake", false)) {
            problems.warning(where, where.field("cmake"), "deprecated: use buildsystem cmake or cmake-ninja");
        }
        sourceWalker.staysInside(m, "subdir", where);
        options(m.get("build-options"), where, "build-options");
        List<ManifestSource> sources = sourceWalker.sources(m.get("sources"), where, "sources");
        List<ManifestModule> children = modules(m.get("modules"), where, "modules", depth);
        return new ManifestModule(name, where.file(), where.path(), buildsystem, Fields.bool(m, "disabled", false),
                Fields.strings(m, "only-arches"), Fields.strings(m, "skip-arches"), sources, children);
    }


    /** A build-options object at field {@code key}, with its per-arch options and environment. */
    void options(JsonNode options, Where where, String key) {
        if (options == null || options.isNull()) {
            return;
        }
        if (!options.isObject()) {
            problems.error(where, where.field(key), "expected " + FieldType.OPTIONS.expected + ", found "
                    + Fields.describe(options));
            return;
        }
        Where at = where.child(key);
        Fields.check((ObjectNode) options, ManifestFields.OPTIONS_FIELDS, "build-options", at, problems);
        if (!Fields.strings(options, "build-args").isEmpty()) {
            usesBuildArgs = true;
        }
        JsonNode env = options.get("env");
        if (env != null && !env.isNull()) {
            if (!env.isObject()) {
                problems.error(at, at.field("env"), "expected " + FieldType.ENV.expected + ", found " + Fields.describe(env));
            } else {
                for (Map.Entry<String, JsonNode> e : env.properties()) {
                    if (!e.getValue().isTextual() && !e.getValue().isNull()) {
                        problems.error(at, at.child("env").field(e.getKey()),
                                "expected a string (or null to unset), found " + Fields.describe(e.getValue()));
                    }
                }
            }
        }
        JsonNode arch = options.get("arch");
        if (arch != null && !arch.isNull()) {
            if (!arch.isObject()) {
                problems.error(at, at.field("arch"), "expected " + FieldType.ARCH_OPTIONS.expected + ", found "
                        + Fields.describe(arch));
            } else {
                for (Map.Entry<String, JsonNode> e : arch.properties()) {
                    options(e.getValue(), at.child("arch"), e.getKey());
                }
            }
        }
    }
}
