package io.jenkins.plugins.flatpak.engine.manifest;

import static io.jenkins.plugins.flatpak.engine.manifest.ManifestFixtures.JSON_HEAD;
import static io.jenkins.plugins.flatpak.engine.manifest.ManifestFixtures.SIMPLE_MODULE;
import static io.jenkins.plugins.flatpak.engine.manifest.ManifestFixtures.problem;
import static io.jenkins.plugins.flatpak.engine.manifest.ManifestFixtures.problemsOf;
import static io.jenkins.plugins.flatpak.engine.manifest.ManifestFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestLoaderTest {
    @TempDir
    Path root;

    @Test
    void loadsAJsonManifestWithItsProperties() {
        Path file = write(root, "org.example.App.json", "{\"app-id\": \"org.example.App\","
                + " \"runtime\": \"org.freedesktop.Platform\", \"runtime-version\": \"23.08\","
                + " \"sdk\": \"org.freedesktop.Sdk\", \"command\": \"app\", \"default-branch\": \"stable\","
                + " \"sdk-extensions\": [\"org.freedesktop.Sdk.Extension.rust-stable\"],"
                + " \"finish-args\": [\"--share=network\", \"--socket=wayland\"], \"separate-locales\": false,"
                + " \"collection-id\": \"org.example.Repo\","
                + " \"add-extensions\": {\"org.example.App.Plugin\": {\"directory\": \"plugins\", \"bundle\": true}},"
                + " \"modules\": [" + SIMPLE_MODULE + "]}");

        Manifest m = ManifestLoader.load(root, file);

        assertEquals("org.example.App", m.appId());
        assertEquals(Manifest.Kind.APP, m.kind());
        assertEquals("org.example.App.json", m.name());
        assertEquals(file, m.file());
        assertNull(m.branch());
        assertEquals("stable", m.defaultBranch());
        assertEquals("org.freedesktop.Platform", m.runtime());
        assertEquals("23.08", m.runtimeVersion());
        assertEquals("org.freedesktop.Sdk", m.sdk());
        assertEquals("app", m.command());
        assertEquals("org.example.Repo", m.collectionId());
        assertEquals(List.of("org.freedesktop.Sdk.Extension.rust-stable"), m.sdkExtensions());
        assertEquals(List.of("--share=network", "--socket=wayland"), m.finishArgs());
        assertEquals(List.of("org.example.App.Plugin"), m.addExtensions());
        assertFalse(m.separateLocales());
        assertFalse(m.usesBuildArgs());
        assertEquals(List.of("app"), m.moduleNames());
        assertEquals(List.of(), m.includedFiles());
        assertEquals(List.of(), m.warnings());
    }

    @Test
    void branchFollowsFlatpakBuilderPrecedence() {
        Path withDefault = write(root, "a.json", JSON_HEAD + ", \"default-branch\": \"beta\", \"modules\": []}");
        Manifest m = ManifestLoader.load(root, withDefault);
        assertEquals("beta", m.branchFor(null));
        assertEquals("test", m.branchFor("test"), "--default-branch beats default-branch");
        assertEquals("app/org.example.App/x86_64/test", m.ref("x86_64", "test"));
        assertEquals("23.08", m.runtimeBranch());

        Path withBranch = write(root, "b.json", JSON_HEAD + ", \"branch\": \"stable\", \"default-branch\": \"beta\","
                + " \"modules\": []}");
        assertEquals("stable", ManifestLoader.load(root, withBranch).branchFor("test"), "branch beats --default-branch");

        Path bare = write(root, "c.json", "{\"id\": \"org.example.Rt\", \"runtime\": \"org.freedesktop.Platform\","
                + " \"sdk\": \"org.freedesktop.Sdk\", \"build-runtime\": true, \"modules\": []}");
        Manifest runtime = ManifestLoader.load(root, bare);
        assertEquals("master", runtime.branchFor(null));
        assertEquals("master", runtime.runtimeBranch());
        assertEquals(Manifest.Kind.RUNTIME, runtime.kind());
        assertNull(runtime.command(), "a runtime needs no command");
        assertEquals("runtime/org.example.Rt/aarch64/master", runtime.ref("aarch64", null));
        assertThrows(InvalidInputException.class, () -> m.branchFor("-bad/branch"));
    }

    @Test
    void loadsYamlWithFlatpakBuildersScalarRules() {
        // flatpak-builder reads an unquoted 22.10 as the string "22.10" (not the number 22.1), yes as a string
        Path file = write(root, "org.example.App.yaml", String.join("\n",
                "id: org.example.App",
                "runtime: org.freedesktop.Platform",
                "runtime-version: 22.10",
                "sdk: org.freedesktop.Sdk",
                "command: app",
                "separate-locales: false",
                "modules:",
                "  - name: app",
                "    buildsystem: simple",
                "    build-commands: [\"true\"]",
                "    config-opts: [yes, 1.0]",
                ""));

        Manifest m = ManifestLoader.load(root, file);

        assertEquals("22.10", m.runtimeVersion());
        assertFalse(m.separateLocales());
        assertEquals(List.of("app"), m.moduleNames());
        // flatpak-builder warns about these too
        assertEquals(List.of(
                problem("org.example.App.yaml", "", "line 3, column 18: '22.10' is text to flatpak-builder but a number"
                        + " to most YAML parsers; quote it"),
                problem("org.example.App.yaml", "", "line 11, column 24: '1.0' is text to flatpak-builder but a number"
                        + " to most YAML parsers; quote it")),
                m.warnings());
    }

    /** An unquoted 23 is an integer to flatpak-builder, so as a runtime-version it warns and ignores it. */
    @Test
    void yamlScalarsThatAreNotStringsForFlatpakBuilderAreWarnedAboutAndIgnored() {
        Path file = write(root, "org.example.App.yml", String.join("\n",
                "id: org.example.App",
                "runtime: org.freedesktop.Platform",
                "runtime-version: 23",
                "branch: 2",
                "sdk: org.freedesktop.Sdk",
                "command: app",
                "separate-locales: no",
                "modules:",
                "  - name: app",
                "    disabled: True",
                "    buildsystem: simple",
                "    build-commands: [\"true\"]",
                ""));

        Manifest m = ManifestLoader.load(root, file);

        assertNull(m.runtimeVersion());
        assertEquals("master", m.runtimeBranch());
        assertNull(m.branch());
        assertTrue(m.separateLocales());
        assertFalse(m.modules().get(0).disabled());
        String ignored = ": flatpak-builder ignores the value";
        assertEquals(List.of(
                problem("org.example.App.yml", "runtime-version",
                        "expected a string, found the integer 23 (quote it to make it text)" + ignored),
                problem("org.example.App.yml", "branch", "expected a string, found the integer 2 (quote it to make it"
                        + " text)" + ignored),
                problem("org.example.App.yml", "separate-locales",
                        "expected true or false, found the string 'no' (write true or false, unquoted)" + ignored),
                problem("org.example.App.yml", "modules[0].disabled",
                        "expected true or false, found the string 'True' (write true or false, unquoted)" + ignored)),
                m.warnings());
    }

    @Test
    void yamlAliasesAreExpandedLikeFlatpakBuilderDoes() {
        Path file = write(root, "org.example.App.yml", String.join("\n",
                "id: org.example.App",
                "runtime: org.freedesktop.Platform",
                "sdk: org.freedesktop.Sdk",
                "command: app",
                "modules:",
                "  - &lib",
                "    name: lib",
                "    buildsystem: simple",
                "    build-commands: &cmds [\"make\"]",
                "  - name: app",
                "    buildsystem: simple",
                "    build-commands: *cmds",
                "    modules: [*lib]",
                ""));

        assertEquals(List.of("lib", "lib-2", "app"), ManifestLoader.load(root, file).moduleNames());
    }

    @Test
    void jsonBlockCommentsAreAcceptedAsByJsonGlib() {
        Path file = write(root, "org.example.App.json", "/* header */\n" + JSON_HEAD
                + ", /* inline */ \"modules\": [" + SIMPLE_MODULE + "]}");
        assertEquals("org.example.App", ManifestLoader.load(root, file).appId());
    }

    @Test
    void jsonSyntaxErrorsNameTheLine() {
        Path file = write(root, "org.example.App.json", JSON_HEAD + ",\n \"modules\": [],\n}");
        List<Problem> problems = problemsOf(root, file);
        assertEquals(1, problems.size());
        assertEquals("org.example.App.json", problems.get(0).file());
        assertEquals("not valid JSON: Unexpected character ('}' (code 125)): was expecting double-quote to start"
                + " field name (line 3, column 1)", problems.get(0).message());
    }

    @Test
    void modulesComeInBuildOrderWithIncludesNestingAndDisabledOnes() {
        write(root, "modules/lib.json", "{\"name\": \"lib\", \"buildsystem\": \"meson\","
                + " \"modules\": [\"deps/dep.yml\"], \"sources\": [\"lib-sources.json\"]}");
        write(root, "modules/deps/dep.yml", "name: dep\nbuildsystem: cmake-ninja\nsources:\n  - type: file\n    path: dep.c\n");
        write(root, "modules/deps/dep.c", "int main(void) { return 0; }\n");
        write(root, "modules/lib-sources.json", "[{\"type\": \"archive\", \"url\": \"https://example.org/lib.tar.xz\","
                + " \"sha256\": \"" + "0".repeat(64) + "\"}, {\"type\": \"patch\", \"paths\": [\"fix.patch\"]}]");
        write(root, "modules/fix.patch", "--- a\n+++ b\n");
        // a path in a sources file is relative to the module's directory, here the manifest's
        write(root, "shared/one.json", "{\"type\": \"file\", \"path\": \"shared/one.txt\"}");
        write(root, "shared/one.txt", "1\n");
        Path file = write(root, "org.example.App.json", JSON_HEAD + ", \"modules\": ["
                + "\"modules/lib.json\","
                + "{\"name\": \"off\", \"disabled\": true, \"modules\": [{\"name\": \"off-child\"}]},"
                + "{\"name\": \"x86-only\", \"only-arches\": [\"x86_64\"]},"
                + "{\"name\": \"not-arm\", \"skip-arches\": [\"aarch64\"]},"
                + "{\"name\": \"dep\"},"
                + "{\"name\": \"app\", \"buildsystem\": \"simple\", \"build-commands\": [\"true\"],"
                + "  \"sources\": [\"shared/one.json\", {\"type\": \"script\", \"commands\": [\"echo hi\"]}]}]}");

        Manifest m = ManifestLoader.load(root, file);

        assertEquals(List.of("dep", "lib", "x86-only", "not-arm", "dep-2", "app"), m.moduleNames());
        assertEquals(List.of("dep", "lib", "not-arm", "dep-2", "app"), m.moduleNames("i386"));
        assertEquals(List.of("dep", "lib", "dep-2", "app"), m.moduleNames("aarch64"));
        assertEquals(List.of("modules/lib.json", "modules/lib-sources.json", "modules/deps/dep.yml", "shared/one.json"),
                m.includedFiles());

        ManifestModule lib = m.modules().get(0);
        assertEquals("modules/lib.json", lib.file());
        assertEquals("", lib.field());
        assertEquals("meson", lib.buildsystem());
        assertEquals(List.of("archive", "patch"), lib.sources().stream().map(ManifestSource::type).toList());
        assertEquals("[1]", lib.sources().get(1).field());
        assertEquals(List.of("fix.patch"), lib.sources().get(1).localPaths());
        assertEquals("https://example.org/lib.tar.xz", lib.sources().get(0).url());
        ManifestModule dep = lib.modules().get(0);
        assertEquals("modules/deps/dep.yml", dep.file());
        assertEquals(List.of("dep.c"), dep.sources().get(0).localPaths(), "resolved next to the file naming it");
        ManifestModule off = m.modules().get(1);
        assertTrue(off.disabled());
        assertEquals("modules[1]", off.field());
        ManifestModule app = m.modules().get(5);
        assertEquals("shared/one.json", app.sources().get(0).file());
        assertEquals(List.of("shared/one.txt"), app.sources().get(0).localPaths());
        assertEquals("modules[5].sources[1]", app.sources().get(1).field());
    }

    @Test
    void theSameFileMayBeIncludedTwice() {
        write(root, "common.json", "{\"name\": \"common\"}");
        Path file = jsonAppWithModules("[\"common.json\", {\"name\": \"a\", \"modules\": [\"common.json\"]}]");
        assertEquals(List.of("common", "common-2", "a"), ManifestLoader.load(root, file).moduleNames());
    }

    @Test
    void unknownPropertiesAreWarningsLikeFlatpakBuildersAndXPropertiesAreNot() {
        Path file = write(root, "org.example.App.json", JSON_HEAD + ", \"bogus\": 1, \"x-checker-data\": {\"a\": 1},"
                + " \"//\": \"a comment\", \"$schema\": \"s\", \"modules\": [{\"name\": \"a\", \"buildsytem\": \"meson\","
                + " \"cmake\": true, \"build-options\": {\"cflgs\": \"-O2\"}}]}");

        Manifest m = ManifestLoader.load(root, file);

        assertEquals(List.of(
                problem("org.example.App.json", "bogus", "unknown manifest property: flatpak-builder ignores it"),
                problem("org.example.App.json", "$schema", "unknown manifest property: flatpak-builder ignores it"),
                problem("org.example.App.json", "modules[0].buildsytem", "unknown module property: flatpak-builder ignores it"),
                problem("org.example.App.json", "modules[0].build-options.cflgs",
                        "unknown build-options property: flatpak-builder ignores it"),
                problem("org.example.App.json", "modules[0].cmake", "deprecated: use buildsystem cmake or cmake-ninja")),
                m.warnings());
    }

    @Test
    void buildArgsAreNoticedAnywhere() {
        Path file = jsonAppWithModules("[{\"name\": \"a\", \"build-options\": {\"arch\": {\"x86_64\":"
                + " {\"build-args\": [\"--share=network\"]}}}}]");
        assertTrue(ManifestLoader.load(root, file).usesBuildArgs());
    }

    @Test
    void theExpectedAppIdIsCheckedWithEverythingElse() {
        Path file = jsonAppWithModules("[{\"name\": \"bad/name\"}]");
        assertEquals(List.of(
                problem("org.example.App.json", "id", "the manifest builds 'org.example.App', not the requested 'org.example.Other'"),
                problem("org.example.App.json", "modules[0].name", "invalid module name 'bad/name': it contains '/', which"
                        + " makes it a path (it names the module's build directory)")),
                ManifestFixtures.problems(() -> ManifestLoader.load(root, file, "org.example.Other")));

        Path good = write(root, "good.json", JSON_HEAD + ", \"modules\": []}");
        Manifest m = ManifestLoader.load(root, good, "org.example.App");
        assertEquals(m, m.requireAppId("org.example.App"));
        assertEquals(m, m.requireAppId(null));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> m.requireAppId("org.example.Other"));
        assertEquals("manifest 'good.json' builds 'org.example.App', not the requested 'org.example.Other'", e.getMessage());
        assertThrows(InvalidInputException.class, () -> ManifestLoader.load(root, good, "not-an-id"));
    }

    @Test
    void aRelativeManifestPathIsTakenFromTheSourceRoot() {
        write(root, "sub/org.example.App.json", JSON_HEAD + ", \"modules\": []}");
        Manifest m = ManifestLoader.load(root, Path.of("sub/org.example.App.json"));
        assertEquals("sub/org.example.App.json", m.name());
    }

    @Test
    void theExceptionMessageListsEveryProblem() {
        Path file = write(root, "m.json", "{\"id\": \"bad\", \"command\": \"a;b\", \"modules\": 5}");
        ManifestException e = assertThrows(ManifestException.class, () -> ManifestLoader.load(root, file));
        assertEquals(String.join("\n",
                "manifest 'm.json' has 4 problems:",
                "  - m.json: id: invalid app id 'bad': it needs at least three dot-separated elements",
                "  - m.json: runtime: missing: the manifest must set its runtime (flatpak-builder refuses it: runtime not"
                        + " specified)",
                "  - m.json: sdk: missing: the manifest must set its SDK (flatpak-builder refuses it: sdk not specified)",
                "  - m.json: command: invalid command 'a;b': it contains ';';"
                        + " only letters, digits and . _ + - @ , : = / are allowed",
                "and 1 warning:",
                "  - m.json: modules: expected a list of modules (objects or file names), found the integer 5:"
                        + " flatpak-builder ignores the value"),
                e.getMessage());
        assertEquals(4, e.problems().size());
        assertEquals(1, e.warnings().size());
        assertTrue(e instanceof InvalidInputException, "refused input: the runner exits 2");
    }

    private Path jsonAppWithModules(String modules) {
        return ManifestFixtures.jsonApp(root, "org.example.App.json", modules);
    }
}
