package io.jenkins.plugins.flatpak.engine.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a whole manifest before anything runs: every property's type, the names flatpak requires to be
 * valid (app id, runtime, SDK, branches, module names), the command, and every included file; all
 * problems are collected, none stops the others from being found.
 */
final class ManifestValidator {
    private static final List<String> BRANCH_FIELDS = List.of("branch", "default-branch", "runtime-version", "base-version");
    private static final List<String> ID_FIELDS = List.of("runtime", "sdk", "base", "id-platform", "var", "collection-id");

    private final ManifestFiles files;
    private final Problems problems;
    private final ModuleWalker walker;

    ManifestValidator(ManifestFiles files, Problems problems, ManifestLimits limits) {
        this.files = files;
        this.problems = problems;
        this.walker = new ModuleWalker(files, problems, limits.maxNestingDepth());
    }

    /** The manifest read from {@code doc}, or null when an error was reported. */
    Manifest check(ManifestFiles.Document doc, String expectedAppId) {
        Where top = doc.top();
        if (!doc.tree().isObject()) {
            problems.error(top, "", "expected a manifest object, found " + Fields.describe(doc.tree()));
            return null;
        }
        ObjectNode m = (ObjectNode) doc.tree();
        Fields.check(m, ManifestFields.MANIFEST, "manifest", top, problems);
        String appId = appId(m, top, expectedAppId);
        Manifest.Kind kind = kind(m, top);
        branchesAndNames(m, top);
        command(m, top, kind);
        for (String key : List.of("metadata", "metadata-platform")) {
            String value = Fields.text(m, key);
            if (value != null) {
                localFile(top, key, value);
            }
        }
        List<String> finishArgs = Fields.strings(m, "finish-args");
        for (int i = 0; i < finishArgs.size(); i++) {
            if (!finishArgs.get(i).startsWith("--")) {
                problems.error(top, "finish-args[" + i + "]", Names.quote(finishArgs.get(i))
                        + " is not an option: flatpak build-finish takes only --options here");
            }
        }
        List<String> addExtensions = extensions(m.get("add-extensions"), top, "add-extensions");
        extensions(m.get("add-build-extensions"), top, "add-build-extensions");
        walker.options(m.get("build-options"), top, "build-options");
        List<ManifestModule> modules = walker.modules(m.get("modules"), top, "modules", 0);
        if (problems.hasErrors()) {
            return null;
        }
        return new Manifest(files.tree().root(), doc.path(), doc.name(), appId, kind, Fields.text(m, "branch"),
                Fields.text(m, "default-branch"), Fields.text(m, "runtime"), Fields.text(m, "runtime-version"),
                Fields.text(m, "sdk"), Fields.text(m, "command"), Fields.text(m, "base"), Fields.text(m, "collection-id"),
                Fields.strings(m, "sdk-extensions"), finishArgs, addExtensions,
                Fields.bool(m, "separate-locales", true), walker.usesBuildArgs(), modules,
                ManifestModule.buildOrder(modules, null), files.included(), problems.warnings());
    }

    /** {@code id}, or {@code app-id} when there is no {@code id}: present, valid, the one expected. */
    private String appId(ObjectNode m, Where top, String expectedAppId) {
        String idField = Fields.present(m, "id") || !Fields.present(m, "app-id") ? "id" : "app-id";
        String appId = Fields.text(m, idField);
        String otherId = Fields.text(m, "app-id");
        if (idField.equals("id") && otherId != null && appId != null && !otherId.equals(appId)) {
            problems.error(top, "app-id", "differs from id " + Names.quote(appId) + "; set only one of them");
        }
        if (!Fields.present(m, idField)) {
            problems.error(top, "id", "missing: the manifest must set id (or app-id)");
        } else if (appId != null) {
            idProblem(top, idField, appId);
        }
        if (expectedAppId != null && appId != null && !expectedAppId.equals(appId)) {
            problems.error(top, idField, "the manifest builds " + Names.quote(appId) + ", not the requested "
                    + Names.quote(expectedAppId));
        }
        return appId;
    }

    private Manifest.Kind kind(ObjectNode m, Where top) {
        boolean buildRuntime = Fields.bool(m, "build-runtime", false);
        boolean buildExtension = Fields.bool(m, "build-extension", false);
        if (buildRuntime && buildExtension) {
            problems.error(top, "build-extension", "build-runtime and build-extension cannot both be true");
        }
        return buildExtension ? Manifest.Kind.EXTENSION : buildRuntime ? Manifest.Kind.RUNTIME : Manifest.Kind.APP;
    }

    /** Branches with flatpak's branch syntax; runtime and SDK present; every id-like name valid. */
    private void branchesAndNames(ObjectNode m, Where top) {
        for (String key : BRANCH_FIELDS) {
            String value = Fields.text(m, key);
            if (value != null) {
                try {
                    Names.branch(value);
                } catch (InvalidInputException e) {
                    problems.error(top, key, e.getMessage());
                }
            }
        }
        for (String key : List.of("runtime", "sdk")) {
            if (!Fields.present(m, key)) {
                problems.error(top, key, "missing: the manifest must name its " + (key.equals("sdk") ? "SDK" : key));
            }
        }
        for (String key : ID_FIELDS) {
            String value = Fields.text(m, key);
            if (value != null) {
                idProblem(top, key, value);
            }
        }
    }

    private void command(ObjectNode m, Where top, Manifest.Kind kind) {
        String command = Fields.text(m, "command");
        if (kind == Manifest.Kind.APP && !Fields.present(m, "command")) {
            problems.error(top, "command", "missing: an application needs a command");
        } else if (command != null) {
            String why = CommandRules.problem(command);
            if (why != null) {
                problems.error(top, "command", "invalid command " + Names.quote(command) + ": " + why);
            }
        }
    }

    private void idProblem(Where where, String key, String value) {
        String why = Names.appIdProblem(value);
        if (why != null) {
            problems.error(where, key, "invalid " + (key.equals("id") || key.equals("app-id") ? "app id " : "id ")
                    + Names.quote(value) + ": " + why);
        }
    }

    private List<String> extensions(JsonNode node, Where where, String key) {
        List<String> names = new ArrayList<>();
        if (node == null || node.isNull()) {
            return names;
        }
        if (!node.isObject()) {
            problems.error(where, key, "expected " + FieldType.EXTENSIONS.expected + ", found " + Fields.describe(node));
            return names;
        }
        Where at = where.child(key);
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String name = e.getKey();
            String why = Names.appIdProblem(name);
            if (why != null) {
                problems.error(where, at.field(name), "invalid extension name " + Names.quote(name) + ": " + why);
            }
            if (!e.getValue().isObject()) {
                problems.error(where, at.field(name), "expected an extension object, found " + Fields.describe(e.getValue()));
                continue;
            }
            Fields.check((ObjectNode) e.getValue(), ManifestFields.EXTENSION, "extension", at.child(name), problems);
            names.add(name);
        }
        return names;
    }

    private void localFile(Where where, String key, String value) {
        try {
            SourceTree.Resolved r = files.tree().resolve(where.dir(), value);
            if (!r.exists()) {
                problems.error(where, key, Names.quote(value) + " does not exist in the source tree");
            }
        } catch (SourceTree.PathRefusedException e) {
            problems.error(where, key, Names.quote(value) + ": " + e.getMessage());
        }
    }
}
