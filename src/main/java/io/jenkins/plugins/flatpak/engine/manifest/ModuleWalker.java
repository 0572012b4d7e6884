package io.jenkins.plugins.flatpak.engine.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.flatpak.engine.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads modules and their build options as flatpak-builder does (builder-module.c, builder-options.c): module
 * files are read relative to the file that names them, and one that cannot be read stops flatpak-builder, so it
 * is an error; one element of a modules list that is neither an object nor a file name makes flatpak-builder warn
 * and drop the whole list. What flatpak-builder refuses when it builds a module (no name, an unknown build
 * system, simple without build-commands, a source it cannot download) is an error for every module that is
 * built on some arch, that is every module not disabled (itself or through a module it is nested in).
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

    /**
     * The {@code modules} list at field {@code key} of the object at {@code where}, as flatpak-builder keeps it.
     * {@code built}: the object holding the list is built (or is the manifest).
     */
    List<ManifestModule> modules(JsonNode list, Where where, String key, int depth, boolean built) {
        List<ManifestModule> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        if (!list.isArray()) {
            problems.warning(where, where.field(key), Values.wrongType(PropertyType.MODULES, list));
            return out;
        }
        if (depth >= maxModuleDepth) {
            problems.error(where, where.field(key), "modules nested more than " + maxModuleDepth + " deep");
            return out;
        }
        int bad = -1;
        for (int i = 0; i < list.size() && bad < 0; i++) {
            JsonNode e = list.get(i);
            if (!e.isObject() && !e.isTextual()) {
                bad = i;
            }
        }
        // flatpak-builder reads the elements before a bad one (a module file it cannot read stops it there too),
        // then drops the whole list
        boolean kept = bad < 0;
        int end = kept ? list.size() : bad;
        for (int i = 0; i < end; i++) {
            JsonNode element = list.get(i);
            Where at = where.element(key, i);
            if (element.isObject()) {
                out.add(module((ObjectNode) element, at, depth + 1, built && kept));
            } else {
                ManifestFiles.Document doc = files.include(at, element.textValue(), false);
                if (doc == null) {
                    continue;
                }
                try {
                    if (doc.tree().isObject()) {
                        out.add(module((ObjectNode) doc.tree(), doc.top(), depth + 1, built && kept));
                    } else {
                        problems.error(doc.name(), "", "expected a module object, found " + Values.describe(doc.tree())
                                + " (flatpak-builder stops: Failed to load included manifest)");
                    }
                } finally {
                    files.close(doc);
                }
            }
        }
        if (!kept) {
            Where at = where.element(key, bad);
            problems.warning(at, at.path(), "expected a module object or a file name, found "
                    + Values.describe(list.get(bad)) + ": flatpak-builder warns and ignores the whole modules list");
            return new ArrayList<>();
        }
        return out;
    }

    private ManifestModule module(ObjectNode m, Where where, int depth, boolean live) {
        Values.Read read = Values.read(m, ManifestProperties.MODULE, where, problems);
        boolean disabled = read.bool("disabled", false);
        boolean built = live && !disabled;
        String name = read.text("name");
        if (built) {
            name(read, where, name);
        }
        sourceWalker.staysInside(read.text("subdir"), where, "subdir");
        options(read.get("build-options"), where, "build-options");
        List<ManifestSource> sources = sourceWalker.sources(read.get("sources"), where, "sources", built);
        String buildsystem = read.text("buildsystem");
        boolean simple = "simple".equals(buildsystem);
        boolean hasBuildCommands = read.has("build-commands");
        // builder_module_should_build: a module without sources is skipped ("no sources") unless it is simple
        boolean runs = !sources.isEmpty() || simple;
        if (built && runs) {
            if (buildsystem != null && !ManifestProperties.BUILDSYSTEMS.contains(buildsystem)) {
                problems.error(where, where.field("buildsystem"), "unknown buildsystem " + Names.quote(buildsystem)
                        + " (flatpak-builder knows " + String.join(", ", ManifestProperties.BUILDSYSTEMS) + ")");
            }
            if (simple && !hasBuildCommands) {
                problems.error(where, where.field("build-commands"), "buildsystem simple needs build-commands"
                        + (read.dropped().containsKey("build-commands") ? " (the value written is not a list)" : ""));
            }
        }
        if (read.bool("cmake", false)) {
            problems.warning(where, where.field("cmake"), "deprecated: use buildsystem cmake or cmake-ninja");
        }
        List<ManifestModule> children = modules(read.get("modules"), where, "modules", depth, built);
        return new ManifestModule(name, where.file(), where.path(), buildsystem, disabled,
                read.strings("only-arches"), read.strings("skip-arches"), sources, children);
    }

    /** flatpak-builder builds the module in a directory named after it, so it needs a name that can be one. */
    private void name(Values.Read read, Where where, String name) {
        if (name == null) {
            JsonNode written = read.dropped().get("name");
            problems.error(where, where.field("name"), written != null
                    ? Values.wrongType(PropertyType.STRING, written) + ", and then the module has no name"
                            + " (flatpak-builder refuses it: Module has no 'name' attribute set)"
                    : "every module needs a name (flatpak-builder refuses it: Module has no 'name' attribute set)");
            return;
        }
        String why = ModuleNames.problem(name);
        if (why != null) {
            problems.error(where, where.field("name"), "invalid module name " + Names.quote(name) + ": " + why);
        } else if (name.indexOf(' ') >= 0) {
            problems.warning(where, where.field("name"), "module names with spaces are problematic (flatpak-builder"
                    + " says so: expect errors)");
        }
    }

    /** A build-options object at field {@code key}, with its environment and per-arch options. */
    void options(JsonNode options, Where where, String key) {
        if (options == null) {
            return;
        }
        if (!options.isObject()) {
            problems.warning(where, where.field(key), Values.wrongType(PropertyType.OPTIONS, options));
            return;
        }
        Where at = where.child(key);
        Values.Read read = Values.read((ObjectNode) options, ManifestProperties.OPTIONS_SCOPE, at, problems);
        if (!read.strings("build-args").isEmpty()) {
            usesBuildArgs = true;
        }
        env(read.get("env"), at);
        JsonNode arch = read.get("arch");
        if (arch != null) {
            if (!arch.isObject()) {
                problems.warning(at, at.field("arch"), Values.wrongType(PropertyType.ARCH_OPTIONS, arch));
            } else {
                for (Map.Entry<String, JsonNode> e : arch.properties()) {
                    if (!e.getValue().isObject()) {
                        problems.warning(at, at.child("arch").field(e.getKey()), "expected a build-options object, found "
                                + Values.describe(e.getValue()) + ": flatpak-builder warns and ignores all of arch");
                        return;
                    }
                }
                for (Map.Entry<String, JsonNode> e : arch.properties()) {
                    options(e.getValue(), at.child("arch"), e.getKey());
                }
            }
        }
    }

    /**
     * {@code env}: an object of name to string (null unsets), or a list of {@code VAR=value} strings (a string
     * without {@code =} unsets VAR). An object value of another type makes flatpak-builder drop the whole env.
     */
    private void env(JsonNode env, Where at) {
        if (env == null) {
            return;
        }
        if (env.isObject()) {
            for (Map.Entry<String, JsonNode> e : env.properties()) {
                JsonNode v = e.getValue();
                if (!v.isTextual() && !v.isNull()) {
                    problems.warning(at, at.child("env").field(e.getKey()), "expected a string (or null to unset),"
                            + " found " + Values.describe(v) + ": flatpak-builder warns and ignores all of env");
                    return;
                }
            }
        } else if (env.isArray()) {
            for (int i = 0; i < env.size(); i++) {
                if (!env.get(i).isTextual()) {
                    problems.warning(at, at.field("env") + "[" + i + "]", "expected a VAR=value string, found "
                            + Values.describe(env.get(i)) + ": flatpak-builder leaves it out");
                }
            }
        } else {
            problems.warning(at, at.field("env"), Values.wrongType(PropertyType.ENV, env));
        }
    }
}
