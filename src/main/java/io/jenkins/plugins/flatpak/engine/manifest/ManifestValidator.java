package io.jenkins.plugins.flatpak.engine.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a whole manifest the way flatpak-builder does and checks it before anything runs. What flatpak-builder
 * warns about and ignores is a warning; what makes flatpak-builder (or the flatpak commands it runs) fail is an
 * error, found here before any tool starts; every problem is collected, none stops the others from being found.
 */
final class ManifestValidator {
    private static final List<String> BRANCH_FIELDS = List.of("branch", "default-branch", "runtime-version", "base-version");
    private static final List<String> ID_FIELDS = List.of("id-platform", "var", "collection-id");

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
            problems.error(top, "", "expected a manifest object, found " + Values.describe(doc.tree()));
            return null;
        }
        ObjectNode raw = (ObjectNode) doc.tree();
        Values.Read m = Values.read(raw, ManifestProperties.MANIFEST, top, problems);
        String appId = appId(raw, m, top, expectedAppId);
        Manifest.Kind kind = kind(m, top);
        branches(m, top);
        PartialRef runtime = ref(m, top, "runtime", true);
        PartialRef sdk = ref(m, top, "sdk", true);
        PartialRef base = ref(m, top, "base", false);
        for (String key : ID_FIELDS) {
            String value = m.text(key);
            if (value != null) {
                idProblem(top, key, value);
            }
        }
        command(m, top);
        localFile(m, top, "metadata");
        if (m.text("id-platform") != null) {
            localFile(m, top, "metadata-platform");
        }
        List<String> finishArgs = m.strings("finish-args");
        for (int i = 0; i < finishArgs.size(); i++) {
            if (!finishArgs.get(i).startsWith("--")) {
                problems.error(top, "finish-args[" + i + "]", Names.quote(finishArgs.get(i))
                        + " is not an option: flatpak build-finish takes only --options here");
            }
        }
        List<String> addExtensions = extensions(m.get("add-extensions"), top, "add-extensions");
        extensions(m.get("add-build-extensions"), top, "add-build-extensions");
        walker.options(m.get("build-options"), top, "build-options");
        List<ManifestModule> modules = walker.modules(m.get("modules"), top, "modules", 0, true);
        if (problems.hasErrors()) {
            return null;
        }
        String runtimeVersion = m.text("runtime-version");
        return new Manifest(files.tree().root(), doc.path(), doc.name(), appId, kind, m.text("branch"),
                m.text("default-branch"), runtime.id(), runtimeVersion, runtime.branchOr(runtimeVersion), sdk.id(),
                sdk.branchOr(runtimeVersion), m.text("command"), base == null ? null : m.text("base"),
                m.text("collection-id"), m.strings("sdk-extensions"), finishArgs, addExtensions,
                m.bool("separate-locales", true), walker.usesBuildArgs(), modules,
                ManifestModule.buildOrder(modules, null), files.included(), problems.warnings());
    }

    /**
     * {@code id} and {@code app-id} set the same property, so of the two the one written last wins (a value of
     * the wrong type sets nothing). flatpak build-init refuses a manifest without one, or with an invalid one.
     */
    private String appId(ObjectNode raw, Values.Read m, Where top, String expectedAppId) {
        String field = null;
        for (Map.Entry<String, JsonNode> e : raw.properties()) {
            if ((e.getKey().equals("id") || e.getKey().equals("app-id")) && m.text(e.getKey()) != null) {
                field = e.getKey();
            }
        }
        if (field == null) {
            required(m, top, "id", "app-id", "an id", "id not specified");
            return null;
        }
        String appId = m.text(field);
        idProblem(top, field, appId);
        if (expectedAppId != null && !expectedAppId.equals(appId)) {
            problems.error(top, field, "the manifest builds " + Names.quote(appId) + ", not the requested "
                    + Names.quote(expectedAppId));
        }
        return appId;
    }

    /** Reports a missing required property, at the value of the wrong type when one was written. */
    private void required(Values.Read m, Where top, String key, String alias, String what, String flatpakSays) {
        for (String k : alias == null ? List.of(key) : List.of(key, alias)) {
            JsonNode written = m.dropped().get(k);
            if (written != null) {
                problems.error(top, k, Values.wrongType(PropertyType.STRING, written) + ", and then the manifest has"
                        + " no " + key + " (flatpak-builder refuses it: " + flatpakSays + ")");
                return;
            }
        }
        problems.error(top, key, "missing: the manifest must set " + what + " (flatpak-builder refuses it: "
                + flatpakSays + ")");
    }

    private Manifest.Kind kind(Values.Read m, Where top) {
        boolean buildRuntime = m.bool("build-runtime", false);
        boolean buildExtension = m.bool("build-extension", false);
        if (buildRuntime && buildExtension) {
            problems.error(top, "build-extension", "build-runtime and build-extension cannot both be true"
                    + " (flatpak-builder refuses it: Can't build both a runtime and an extension)");
        }
        return buildExtension ? Manifest.Kind.EXTENSION : buildRuntime ? Manifest.Kind.RUNTIME : Manifest.Kind.APP;
    }

    /** Branches with flatpak's branch syntax: flatpak build-init and build-export refuse any other. */
    private void branches(Values.Read m, Where top) {
        for (String key : BRANCH_FIELDS) {
            String value = m.text(key);
            if (value != null) {
                try {
                    Names.branch(value);
                } catch (InvalidInputException e) {
                    problems.error(top, key, e.getMessage());
                }
            }
        }
    }

    /**
     * {@code runtime}, {@code sdk} or {@code base}: an id or a partial ref with a {@code //branch}, as flatpak
     * takes it; null when unset (reported when {@code required}).
     */
    private PartialRef ref(Values.Read m, Where top, String key, boolean required) {
        String value = m.text(key);
        if (value == null) {
            if (required) {
                required(m, top, key, null, "its " + (key.equals("sdk") ? "SDK" : key),
                        key + " not specified");
            }
            return required ? PartialRef.parse("") : null;
        }
        PartialRef ref = PartialRef.parse(value);
        String why = ref.problem();
        if (why != null) {
            problems.error(top, key, "invalid " + key + " " + Names.quote(value) + ": " + why);
        }
        return ref;
    }

    /**
     * flatpak build-finish takes {@code command} as one program: a name or path under {@code /app/bin}, or an
     * absolute path. Anything a shell would interpret is refused (flatpak-builder fails to find such a command).
     */
    private void command(Values.Read m, Where top) {
        String command = m.text("command");
        if (command != null) {
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

    /**
     * {@code add-extensions} or {@code add-build-extensions}: extension name to extension object. A value that is
     * no object makes flatpak-builder drop them all; a name flatpak build-finish refuses is an error.
     */
    private List<String> extensions(JsonNode node, Where where, String key) {
        List<String> names = new ArrayList<>();
        if (node == null) {
            return names;
        }
        if (!node.isObject()) {
            problems.warning(where, key, Values.wrongType(PropertyType.EXTENSIONS, node));
            return names;
        }
        Where at = where.child(key);
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isObject()) {
                problems.warning(where, at.field(e.getKey()), "expected an extension object, found "
                        + Values.describe(e.getValue()) + ": flatpak-builder warns and ignores all of " + key);
                return List.of();
            }
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String name = e.getKey();
            String why = Names.appIdProblem(name);
            if (why != null) {
                problems.error(where, at.field(name), "invalid extension name " + Names.quote(name) + ": " + why);
            }
            Values.read((ObjectNode) e.getValue(), ManifestProperties.EXTENSION, at.child(name), problems);
            names.add(name);
        }
        return names;
    }

    /** {@code metadata} files are read relative to the manifest's directory when the build finishes. */
    private void localFile(Values.Read m, Where where, String key) {
        String value = m.text(key);
        if (value == null) {
            return;
        }
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
