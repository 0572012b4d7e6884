package io.jenkins.plugins.flatpak.engine.manifest;

import static io.jenkins.plugins.flatpak.engine.manifest.ManifestFixtures.JSON_HEAD;
import static io.jenkins.plugins.flatpak.engine.manifest.ManifestFixtures.jsonApp;
import static io.jenkins.plugins.flatpak.engine.manifest.ManifestFixtures.problem;
import static io.jenkins.plugins.flatpak.engine.manifest.ManifestFixtures.problemsOf;
import static io.jenkins.plugins.flatpak.engine.manifest.ManifestFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.flatpak.engine.Names;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every check of a manifest's content, each asserted with the exact problem reported. */
class ManifestValidationTest {
    private static final String MAIN = "org.example.App.json";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @TempDir
    Path root;

    /**
     * flatpak-builder (json-glib) warns about a value of the wrong type and leaves the property unset; so do we.
     * Lists of modules or sources with one bad element are dropped whole, as flatpak-builder drops them.
     */
    @Test
    void wrongTypesAreWarningsAndTheValueIsLeftOut() {
        Path file = write(root, MAIN, "{\"id\": \"org.example.App\", \"runtime\": \"org.freedesktop.Platform\","
                + " \"sdk\": \"org.freedesktop.Sdk\", \"command\": {\"a\": 1}, \"runtime-version\": 23.08,"
                + " \"separate-locales\": \"no\", \"finish-args\": \"--share=network\", \"build-options\": [],"
                + " \"modules\": [{\"name\": \"a\", \"buildsystem\": \"simple\", \"build-commands\": [\"true\", 7],"
                + " \"sources\": \"s.json\", \"modules\": {\"name\": \"b\"}}, {\"name\": \"c\", \"sources\": [true]}]}");
        Manifest m = ManifestLoader.load(root, file);
        assertNull(m.command());
        assertNull(m.runtimeVersion());
        assertEquals("master", m.runtimeBranch());
        assertTrue(m.separateLocales());
        assertEquals(List.of(), m.finishArgs());
        assertEquals(List.of("a", "c"), m.moduleNames());
        assertEquals(List.of(
                problem(MAIN, "command", "expected a string, found an object: flatpak-builder ignores the value"),
                problem(MAIN, "runtime-version", "expected a string, found the number 23.08 (quote it to make it text):"
                        + " flatpak-builder ignores the value"),
                problem(MAIN, "separate-locales", "expected true or false, found the string 'no' (write true or false,"
                        + " unquoted): flatpak-builder ignores the value"),
                problem(MAIN, "finish-args", "expected a list of strings, found the string '--share=network':"
                        + " flatpak-builder ignores the value"),
                problem(MAIN, "build-options", "expected a build-options object, found a list: flatpak-builder ignores"
                        + " the value"),
                problem(MAIN, "modules[0].build-commands[1]", "expected a string, found the integer 7: flatpak-builder"
                        + " leaves it out of the list"),
                problem(MAIN, "modules[0].sources", "expected a list of sources (objects or file names), found the"
                        + " string 's.json': flatpak-builder ignores the value"),
                problem(MAIN, "modules[0].modules", "expected a list of modules (objects or file names), found an"
                        + " object: flatpak-builder ignores the value"),
                problem(MAIN, "modules[1].sources[0]", "expected a source object or a file name, found the boolean true:"
                        + " flatpak-builder warns and ignores the module's whole sources list")),
                m.warnings());
    }

    /**
     * Each property flatpak-builder knows is given a value of the wrong type: each gives one warning naming it,
     * and the manifest is refused only where flatpak-builder cannot do without the value (id, runtime, sdk).
     */
    @Test
    void everyPropertyOfTheWrongTypeIsAWarning() {
        for (ManifestProperties.Scope scope : ManifestProperties.all()) {
            ObjectNode object = JSON.objectNode();
            List<String> expected = new ArrayList<>();
            String path = switch (scope.gobjectType()) {
                case "BuilderManifest" -> "";
                case "BuilderModule" -> "modules[0].";
                case "BuilderOptions" -> "build-options.";
                case "BuilderExtension" -> "add-extensions.org.example.App.Ext.";
                default -> "modules[0].sources[0].";
            };
            for (Map.Entry<String, PropertyType> p : scope.properties().entrySet()) {
                if (p.getKey().equals("type")) {
                    object.put("type", scope.what().split("'")[1]);
                    continue;
                }
                object.set(p.getKey(), p.getValue().structured() ? JSON.numberNode(3) : JSON.objectNode());
                expected.add(path + p.getKey());
            }
            ObjectNode manifest = JSON.objectNode().put("id", "org.example.App").put("runtime", "org.example.Platform")
                    .put("sdk", "org.example.Sdk");
            switch (scope.gobjectType()) {
                case "BuilderManifest" -> manifest = object;
                case "BuilderModule" -> manifest.putArray("modules").add(object.put("name", "m"));
                case "BuilderOptions" -> manifest.set("build-options", object);
                case "BuilderExtension" -> manifest.putObject("add-extensions").set("org.example.App.Ext", object);
                default -> manifest.putArray("modules").addObject().put("name", "m").putArray("sources").add(object);
            }
            if (scope.gobjectType().equals("BuilderModule")) {
                expected.remove("modules[0].name");
            }
            Path file = write(root, MAIN, manifest.toString());
            List<Problem> warnings;
            List<Problem> errors = List.of();
            try {
                warnings = ManifestLoader.load(root, file).warnings();
            } catch (ManifestException e) {
                warnings = e.warnings();
                errors = e.problems();
            }
            List<String> warned = warnings.stream().filter(w -> w.message().contains("expected")).map(Problem::field)
                    .sorted().toList();
            assertEquals(expected.stream().sorted().toList(), warned, scope.what());
            if (scope.gobjectType().equals("BuilderManifest")) {
                assertEquals(List.of("id", "runtime", "sdk"), errors.stream().map(Problem::field).toList());
            } else if (scope.gobjectType().startsWith("BuilderSource")) {
                // a source without the value its download needs (a path or url, a filename) is refused
                assertTrue(errors.stream().allMatch(e -> e.message().startsWith("the source needs")), errors.toString());
            } else {
                assertEquals(List.of(), errors, scope.what());
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "org.example             | it needs at least three dot-separated elements",
        "org..example.App        | it has an empty element",
        ".org.example.App        | it has an empty element",
        "org.example.App.        | it has an empty element",
        "org.1example.App        | element '1example' starts with a digit",
        "org.example.9App        | element '9App' starts with a digit",
        "org.my-example.App      | element 'my-example' may only contain letters, digits and '_' ('-' only in the last element)",
        "org.example.App!        | element 'App!' may only contain letters, digits, '_' and '-'",
        "org.exa mple.App        | element 'exa mple' may only contain letters, digits and '_' ('-' only in the last element)",
    })
    void appIdsFollowFlatpakRules(String id, String why) {
        Path file = write(root, MAIN, JSON_HEAD.replace("\"org.example.App\"", "\"" + id + "\"") + ", \"modules\": []}");
        assertEquals(List.of(problem(MAIN, "id", "invalid app id '" + id + "': " + why)), problemsOf(root, file));
    }

    @Test
    void appIdLengthAndEmptinessAndTheValidCases() {
        String longId = "org.example." + "a".repeat(250);
        Path tooLong = write(root, "long.json", JSON_HEAD.replace("org.example.App", longId) + ", \"modules\": []}");
        assertEquals(List.of(problem("long.json", "id", "invalid app id " + Names.quote(longId)
                + ": it is longer than 255 characters")),
                problemsOf(root, tooLong));
        Path empty = write(root, "empty.json", JSON_HEAD.replace("org.example.App", "") + ", \"modules\": []}");
        assertEquals(List.of(problem("empty.json", "id", "invalid app id '': it is empty")), problemsOf(root, empty));

        for (String good : List.of("org.example.App", "org.example.my-app", "io.github.user_1.App_2", "_a._b._c")) {
            Path file = write(root, "good.json", JSON_HEAD.replace("org.example.App", good) + ", \"modules\": []}");
            assertEquals(good, ManifestLoader.load(root, file).appId());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " | ", quoteCharacter = '"', value = {
        "a;b              | it contains ';'; only letters, digits and . _ + - @ , : = / are allowed",
        "app && rm -rf ~  | it contains a space: the command is one program, not a command line (install a wrapper script to pass arguments)",
        "$(id)            | it contains '$'; only letters, digits and . _ + - @ , : = / are allowed",
        "`id`             | it contains '`'; only letters, digits and . _ + - @ , : = / are allowed",
        "app|tee          | it contains '|'; only letters, digits and . _ + - @ , : = / are allowed",
        "app>out          | it contains '>'; only letters, digits and . _ + - @ , : = / are allowed",
        "\"it's\"         | it contains '\\''; only letters, digits and . _ + - @ , : = / are allowed",
        "-app             | it must not start with '-'",
        "../bin/app       | it must not contain empty, '.' or '..' path elements",
        "bin//app         | it must not contain empty, '.' or '..' path elements",
    })
    void commandsAreOneProgramWithoutShellSyntax(String command, String why) {
        Path file = write(root, MAIN, JSON_HEAD.replace("\"command\": \"app\"", "\"command\": " + JSON.textNode(command))
                + ", \"modules\": []}");
        assertEquals(List.of(problem(MAIN, "command", "invalid command " + Names.quote(command)
                + ": " + why)), problemsOf(root, file));
    }

    @Test
    void commandNewlinesAndTheAcceptableCommands() {
        Path file = write(root, MAIN, JSON_HEAD.replace("\"command\": \"app\"", "\"command\": \"app\\nrm -rf /\"")
                + ", \"modules\": []}");
        assertEquals(List.of(problem(MAIN, "command",
                "invalid command 'app\\nrm -rf /': it contains a control character (such as a newline)")),
                problemsOf(root, file));
        for (String good : List.of("app", "bin/app", "org.example.App", "app-1.2_x+y", "python3", "/app/bin/app",
                "/usr/bin/python3")) {
            Path ok = write(root, "ok.json", JSON_HEAD.replace("\"command\": \"app\"", "\"command\": \"" + good + "\"")
                    + ", \"modules\": []}");
            assertEquals(good, ManifestLoader.load(root, ok).command());
        }
    }

    @Test
    void requiredPropertiesAndNamesOfRuntimeSdkAndBranches() {
        Path file = write(root, MAIN, "{\"runtime\": \"org.freedesktop\", \"sdk\": \"org.freedesktop.Sdk/x86_64\","
                + " \"runtime-version\": \"23.08 beta\", \"branch\": \"stable/1\", \"default-branch\": \".x\","
                + " \"base\": \"Base//1.0\", \"base-version\": \"\", \"collection-id\": \"org.example\", \"modules\": []}");
        String branchRule = ": it must start with a letter, digit or '_' and contain only letters, digits, '_', '-' and '.'"
                + " (at most 255)";
        assertEquals(List.of(
                problem(MAIN, "id", "missing: the manifest must set an id (flatpak-builder refuses it: id not specified)"),
                problem(MAIN, "branch", "invalid branch 'stable/1'" + branchRule),
                problem(MAIN, "default-branch", "invalid branch '.x'" + branchRule),
                problem(MAIN, "runtime-version", "invalid branch '23.08 beta'" + branchRule),
                problem(MAIN, "base-version", "invalid branch ''" + branchRule),
                problem(MAIN, "runtime", "invalid runtime 'org.freedesktop': it needs at least three dot-separated elements"),
                problem(MAIN, "base", "invalid base 'Base//1.0': its id 'Base': it needs at least three dot-separated"
                        + " elements"),
                problem(MAIN, "collection-id", "invalid id 'org.example': it needs at least three dot-separated elements")),
                problemsOf(root, file));

        Path nothing = write(root, "nothing.yml", "modules: []\n");
        assertEquals(List.of(
                problem("nothing.yml", "id", "missing: the manifest must set an id (flatpak-builder refuses it: id not"
                        + " specified)"),
                problem("nothing.yml", "runtime", "missing: the manifest must set its runtime (flatpak-builder refuses it:"
                        + " runtime not specified)"),
                problem("nothing.yml", "sdk", "missing: the manifest must set its SDK (flatpak-builder refuses it: sdk not"
                        + " specified)")),
                problemsOf(root, nothing));

        Path wrong = write(root, "wrong.yml", "id: [org.example.App]\nruntime: 1\nsdk: org.example.Sdk\nmodules: []\n");
        assertEquals(List.of(
                problem("wrong.yml", "id", "expected a string, found a list: flatpak-builder ignores the value, and then"
                        + " the manifest has no id (flatpak-builder refuses it: id not specified)"),
                problem("wrong.yml", "runtime", "expected a string, found the integer 1 (quote it to make it text):"
                        + " flatpak-builder ignores the value, and then the manifest has no runtime (flatpak-builder"
                        + " refuses it: runtime not specified)")),
                problemsOf(root, wrong));

        Path list = write(root, "list.yml", "- a\n- b\n");
        assertEquals(List.of(problem("list.yml", "", "expected a manifest object, found a list")), problemsOf(root, list));
    }

    /** Runtime and SDK as partial refs, as flatpak splits them; the branch in the ref wins over runtime-version. */
    @Test
    void runtimeAndSdkMayCarryTheirBranch() {
        Path file = write(root, MAIN, "{\"id\": \"org.example.App\", \"runtime\": \"org.kde.Platform//6.10\","
                + " \"sdk\": \"runtime/org.kde.Sdk/x86_64/6.9\", \"runtime-version\": \"6.8\", \"modules\": []}");
        Manifest m = ManifestLoader.load(root, file);
        assertEquals("org.kde.Platform", m.runtime());
        assertEquals("6.10", m.runtimeBranch());
        assertEquals("org.kde.Sdk", m.sdk());
        assertEquals("6.9", m.sdkBranch());
        assertEquals("6.8", m.runtimeVersion());

        Path bare = write(root, "bare.json", "{\"id\": \"org.example.App\", \"runtime\": \"org.kde.Platform//\","
                + " \"sdk\": \"org.kde.Sdk\", \"modules\": []}");
        Manifest b = ManifestLoader.load(root, bare);
        assertEquals("org.kde.Platform//master", b.runtime() + "//" + b.runtimeBranch());
        assertEquals("org.kde.Sdk//master", b.sdk() + "//" + b.sdkBranch());

        Path bad = write(root, "bad.json", "{\"id\": \"org.example.App\", \"runtime\": \"org.kde.Platform//6.10/x\","
                + " \"sdk\": \"org.kde.Sdk//-x\", \"modules\": []}");
        assertEquals(List.of(
                problem("bad.json", "runtime", "invalid runtime 'org.kde.Platform//6.10/x': more than id/arch/branch: 'x'"
                        + " follows the branch"),
                problem("bad.json", "sdk", "invalid sdk 'org.kde.Sdk//-x': invalid branch '-x': it must start with a"
                        + " letter, digit or '_' and contain only letters, digits, '_', '-' and '.' (at most 255)")),
                problemsOf(root, bad));
    }

    /** id and app-id set one property: the one written last wins, as json-glib sets them in order. */
    @Test
    void ofIdAndAppIdTheLastWritten() {
        Path appIdLast = write(root, MAIN, "{\"id\": \"org.example.A\", \"app-id\": \"org.example.B\","
                + " \"runtime\": \"org.example.Platform\", \"sdk\": \"org.example.Sdk\", \"modules\": []}");
        assertEquals("org.example.B", ManifestLoader.load(root, appIdLast).appId());
        Path idLast = write(root, "b.json", "{\"app-id\": \"org.example.A\", \"id\": \"org.example.B\", \"app-id\": 7,"
                + " \"runtime\": \"org.example.Platform\", \"sdk\": \"org.example.Sdk\", \"modules\": []}");
        assertEquals("org.example.B", ManifestLoader.load(root, idLast).appId(), "a value of the wrong type sets nothing");
    }

    @Test
    void kindsAndExtensions() {
        Path both = write(root, MAIN, "{\"id\": \"org.example.A\", \"runtime\": \"org.freedesktop.Platform\","
                + " \"sdk\": \"org.freedesktop.Sdk\", \"build-runtime\": true, \"build-extension\": true,"
                + " \"add-extensions\": {\"bad\": {\"directory\": \"x\"}, \"org.example.A.Ok\": 5},"
                + " \"add-build-extensions\": [], \"modules\": []}");
        ManifestException e = assertThrows(ManifestException.class, () -> ManifestLoader.load(root, both));
        assertEquals(List.of(problem(MAIN, "build-extension", "build-runtime and build-extension cannot both be true"
                + " (flatpak-builder refuses it: Can't build both a runtime and an extension)")), e.problems());
        assertEquals(List.of(
                problem(MAIN, "add-extensions.org.example.A.Ok", "expected an extension object, found the integer 5:"
                        + " flatpak-builder warns and ignores all of add-extensions"),
                problem(MAIN, "add-build-extensions", "expected an object of extensions, found a list: flatpak-builder"
                        + " ignores the value")), e.warnings());

        Path badName = write(root, "name.json", "{\"id\": \"org.example.A\", \"runtime\": \"org.freedesktop.Platform\","
                + " \"sdk\": \"org.freedesktop.Sdk\", \"add-extensions\": {\"bad\": {\"directory\": \"x\"}},"
                + " \"modules\": []}");
        assertEquals(List.of(problem("name.json", "add-extensions.bad", "invalid extension name 'bad': it needs at least"
                + " three dot-separated elements")), problemsOf(root, badName));

        Path extension = write(root, "ext.json", "{\"id\": \"org.example.App.Plugin\", \"runtime\": \"org.example.App\","
                + " \"sdk\": \"org.freedesktop.Sdk\", \"build-extension\": true, \"modules\": []}");
        Manifest m = ManifestLoader.load(root, extension);
        assertEquals(Manifest.Kind.EXTENSION, m.kind());
        assertEquals("runtime/org.example.App.Plugin/x86_64/master", m.ref("x86_64", null));
    }

    @Test
    void moduleNamesBuildsystemsSourcesAndFinishArgs() {
        Path file = write(root, MAIN, JSON_HEAD + ", \"finish-args\": [\"--share=ipc\", \"share=network\"],"
                + " \"modules\": [{\"name\": \"\"}, {\"name\": \"a b\"}, {\"name\": \"a/b\"}, {\"name\": \"x;y\"},"
                + " {\"name\": \"..\"}, {\"buildsystem\": \"simple\"}, {\"name\": \"m\", \"buildsystem\": \"make\","
                + " \"sources\": [{\"type\": \"inline\", \"contents\": \"x\", \"dest-filename\": \"Makefile\"}]},"
                + " {\"name\": \"no-sources\", \"buildsystem\": \"make\"}, {\"name\": \"off\", \"disabled\": true,"
                + " \"buildsystem\": \"simple\", \"modules\": [{\"buildsystem\": \"make\"}]},"
                + " {\"name\": \"a\", \"sources\": [{\"type\": \"archive\", \"url\": \"https://example.org/a\","
                + " \"sha256\": \"0\", \"archive-type\": \"rar\"}]}]}");
        assertEquals(List.of(
                problem(MAIN, "finish-args[1]", "'share=network' is not an option: flatpak build-finish takes only --options"
                        + " here"),
                problem(MAIN, "modules[0].name", "invalid module name '': it is empty"),
                problem(MAIN, "modules[2].name", "invalid module name 'a/b': it contains '/', which makes it a path (it names"
                        + " the module's build directory)"),
                problem(MAIN, "modules[3].name", "invalid module name 'x;y': it contains ';', which a shell would interpret"
                        + " (it names the module's build directory)"),
                problem(MAIN, "modules[4].name", "invalid module name '..': it would name the directory above the module's"
                        + " build directory"),
                problem(MAIN, "modules[5].name", "every module needs a name (flatpak-builder refuses it: Module has no"
                        + " 'name' attribute set)"),
                problem(MAIN, "modules[5].build-commands", "buildsystem simple needs build-commands"),
                problem(MAIN, "modules[6].buildsystem", "unknown buildsystem 'make' (flatpak-builder knows autotools, cmake,"
                        + " cmake-ninja, meson, simple, qmake)"),
                problem(MAIN, "modules[9].sources[0].archive-type", "unknown archive-type 'rar' (one of rpm, tar, tar-gzip,"
                        + " tar-compress, tar-bzip2, tar-lzip, tar-lzma, tar-lzop, tar-xz, tar-zst, zip, 7z):"
                        + " flatpak-builder cannot extract it")),
                problemsOf(root, file));
    }

    /** A module with a space in its name is built (flatpak-builder warns); lists with a bad element are dropped. */
    @Test
    void whatFlatpakBuilderOnlyWarnsAbout() {
        write(root, "srcs.json", "[{\"type\": \"inline\", \"contents\": \"x\", \"dest-filename\": \"x\"}, \"more.json\"]");
        Path file = write(root, MAIN, JSON_HEAD + ", \"modules\": [{\"name\": \"a b\", \"buildsystem\": \"simple\","
                + " \"build-commands\": [\"true\"]}, {\"name\": \"s\", \"sources\": [{}, {\"type\": \"tarball\"}]},"
                + " {\"name\": \"t\", \"sources\": [{\"type\": \"tarball\"}]}, {\"name\": \"f\", \"sources\": [\"srcs.json\"]},"
                + " {\"name\": \"e\", \"build-options\": {\"env\": {\"A\": \"1\", \"B\": null, \"C\": 2}, \"arch\":"
                + " {\"x86_64\": 1, \"aarch64\": {\"cflags\": false}}}}, {\"name\": \"g\", \"build-options\":"
                + " {\"env\": [\"A=1\", 2], \"arch\": \"x\"}}]}");
        Manifest m = ManifestLoader.load(root, file);
        String drops = ": flatpak-builder warns and ignores the module's whole sources list";
        String types = "(archive, bzr, dir, extra-data, file, git, inline, patch, script, shell, svn)";
        assertEquals(List.of(
                problem(MAIN, "modules[0].name", "module names with spaces are problematic (flatpak-builder says so:"
                        + " expect errors)"),
                problem(MAIN, "modules[1].sources[0]", "every source needs a type " + types + "; found none (\"Missing"
                        + " source type\")" + drops),
                problem(MAIN, "modules[2].sources[0]", "unknown source type 'tarball' " + types + drops),
                problem(MAIN, "modules[3].sources[0]", "in 'srcs.json' at [1]: expected a source object, found the string"
                        + " 'more.json'" + drops),
                problem(MAIN, "modules[4].build-options.env.C", "expected a string (or null to unset), found the integer 2:"
                        + " flatpak-builder warns and ignores all of env"),
                problem(MAIN, "modules[4].build-options.arch.x86_64", "expected a build-options object, found the integer"
                        + " 1: flatpak-builder warns and ignores all of arch"),
                problem(MAIN, "modules[5].build-options.env[1]", "expected a VAR=value string, found the integer 2:"
                        + " flatpak-builder leaves it out"),
                problem(MAIN, "modules[5].build-options.arch", "expected an object of arch to build-options, found the"
                        + " string 'x': flatpak-builder ignores the value")),
                m.warnings());
        assertEquals(List.of(), m.modules().get(1).sources());
        assertEquals(List.of("a b", "s", "t", "f", "e", "g"), m.moduleNames());
    }

    @Test
    void anIncludedModuleFileMustHoldOneModule() {
        write(root, "list.json", "[{\"name\": \"a\"}]");
        write(root, "bad.yml", "name: [x]\nbuildsystem: simple\n");
        Path file = jsonApp(root, MAIN, "[\"list.json\", \"bad.yml\", \"missing.json\"]");
        assertEquals(List.of(
                problem("list.json", "", "expected a module object, found a list (flatpak-builder stops: Failed to load"
                        + " included manifest)"),
                problem("bad.yml", "name", "expected a string, found a list: flatpak-builder ignores the value, and then"
                        + " the module has no name (flatpak-builder refuses it: Module has no 'name' attribute set)"),
                problem("bad.yml", "build-commands", "buildsystem simple needs build-commands"),
                problem(MAIN, "modules[2]", "include 'missing.json': file not found")),
                problemsOf(root, file));
    }
}
