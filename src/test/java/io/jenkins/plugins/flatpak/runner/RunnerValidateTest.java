package io.jenkins.plugins.flatpak.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code validate}: the verdict, the warnings and what was read, as text or JSON; the manifest found in the
 * source tree as a build finds it; exit status 0 when accepted, 2 when refused. No tool runs.
 */
class RunnerValidateTest {
    /** The manifest is inside the current directory (the project's), so that is the source tree. */
    @Test
    void printsWhatItReadFromTheSample() {
        RunnerInProcess.Result r = RunnerInProcess.run(List.of("validate", "--manifest",
                FlatpakTestEnv.projectDir().resolve("test-repos/hello-yaml/org.example.Hello.yml").toString()));
        assertEquals(0, r.status(), r.err());
        assertEquals(String.join("\n",
                "manifest: test-repos/hello-yaml/org.example.Hello.yml",
                "verdict:  accepted",
                "id:       org.example.Hello (app)",
                "runtime:  io.jenkins.flatpak.test.Platform//1.0",
                "sdk:      io.jenkins.flatpak.test.Sdk//1.0",
                "branch:   master (neither branch nor default-branch: --default-branch sets it)",
                "command:  hello",
                "modules:",
                "  - hello (simple)",
                "build order:",
                "  x86_64: hello",
                "  aarch64: hello",
                "errors: none",
                "warnings: none",
                ""), r.out());
    }

    @Test
    void jsonHasTheSameValues() throws Exception {
        Path tree = FlatpakTestEnv.sampleCopy("greeter-json");
        RunnerInProcess.Result r = RunnerInProcess.run(List.of("validate", "--source-dir", tree.toString(), "--json",
                "--arch", "x86_64,i386"));
        assertEquals(0, r.status(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("accepted", j.get("verdict").asText());
        assertEquals("org.example.Greeter", j.get("id").asText());
        assertEquals("io.jenkins.flatpak.test.Platform", j.at("/runtime/id").asText());
        assertEquals("1.0", j.at("/runtime/branch").asText());
        assertEquals("greeter", j.get("command").asText());
        assertEquals("simple", j.at("/modules/0/buildsystem").asText());
        assertEquals("file", j.at("/modules/0/sources/0").asText());
        assertEquals("modules/greeter.json", j.at("/modules/0/file").asText());
        List<String> arches = new java.util.ArrayList<>();
        j.get("buildOrder").fieldNames().forEachRemaining(arches::add);
        assertEquals(List.of("x86_64", "i386"), arches);
        assertEquals("greeter", j.at("/buildOrder/i386/0").asText());
        assertEquals("modules/greeter.json", j.at("/includes/0").asText());
        assertEquals(0, j.get("errors").size());
    }

    @Test
    void aRefusedManifestExitsTwoWithItsProblemsAndWarnings() throws Exception {
        Path tree = FlatpakTestEnv.tempDir("validate-refused");
        Files.writeString(tree.resolve("org.example.Bad.yml"), "id: org.example.Bad\nruntime: org.example.Platform\n"
                + "cleanup: '*'\nmodules:\n  - name: m\n    buildsystem: simple\n");
        RunnerInProcess.Result r = RunnerInProcess.run(List.of("validate", "--source-dir", tree.toString()));
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("verdict:  refused\n"), r.out());
        assertTrue(r.out().contains("  - org.example.Bad.yml: sdk: missing: the manifest must set its SDK"), r.out());
        assertTrue(r.out().contains("  - org.example.Bad.yml: modules[0].build-commands: buildsystem simple needs"
                + " build-commands"), r.out());
        assertTrue(r.out().contains("warnings:\n  - org.example.Bad.yml: cleanup: expected a list of strings, found the"
                + " string '*': flatpak-builder ignores the value"), r.out());
    }

    /** Without --manifest, as a build: the one manifest of the tree, or the one of --app-id; else an error. */
    @Test
    void findsTheManifestWithTheSameRulesAndErrorsAsABuild() {
        Path samples = FlatpakTestEnv.projectDir().resolve("test-repos");
        RunnerInProcess.Result several = RunnerInProcess.run(List.of("validate", "--source-dir", samples.toString()));
        assertEquals(2, several.status());
        assertTrue(several.err().contains("several flatpak manifests found in"), several.err());
        assertTrue(several.err().contains("greeter-json/org.example.Greeter.json (org.example.Greeter)"), several.err());

        RunnerInProcess.Result one = RunnerInProcess.run(List.of("validate", "--source-dir", samples.toString(),
                "--app-id", "org.example.Polyglot"));
        assertEquals(0, one.status(), one.err());
        assertTrue(one.out().startsWith("manifest: polyglot-locale/org.example.Polyglot.yml\n"), one.out());

        RunnerInProcess.Result none = RunnerInProcess.run(List.of("validate", "--source-dir", samples.toString(),
                "--app-id", "org.example.Nothing"));
        assertEquals(2, none.status());
        assertTrue(none.err().contains("no flatpak manifest for app id 'org.example.Nothing'"), none.err());

        RunnerInProcess.Result empty = RunnerInProcess.run(List.of("validate", "--source-dir",
                FlatpakTestEnv.tempDir("validate-empty").toString()));
        assertEquals(2, empty.status());
        assertTrue(empty.err().contains("no flatpak manifest"), empty.err());

        RunnerInProcess.Result relative = RunnerInProcess.run(List.of("validate", "--source-dir", samples.toString(),
                "--manifest", "hello-yaml/org.example.Hello.yml"));
        assertEquals(0, relative.status(), relative.err());
        assertTrue(relative.out().startsWith("manifest: hello-yaml/org.example.Hello.yml\n"), relative.out());
    }

    @Test
    void badOptionsAreRefusedNamingTheValue() {
        Path hello = FlatpakTestEnv.projectDir().resolve("test-repos/hello-yaml/org.example.Hello.yml");
        RunnerInProcess.Result arch = RunnerInProcess.run(List.of("validate", "--manifest", hello.toString(),
                "--arch", "x86_64;id"));
        assertEquals(2, arch.status());
        assertTrue(arch.err().contains("'x86_64;id'"), arch.err());
        RunnerInProcess.Result id = RunnerInProcess.run(List.of("validate", "--manifest", hello.toString(),
                "--app-id", "org.example.Other"));
        assertEquals(2, id.status());
        assertTrue(id.out().contains("the manifest builds 'org.example.Hello', not the requested 'org.example.Other'"),
                id.out());
        RunnerInProcess.Result missing = RunnerInProcess.run(List.of("validate", "--source-dir",
                FlatpakTestEnv.projectDir().resolve("test-repos").toString(), "--manifest", "nope.yml"));
        assertEquals(2, missing.status());
        assertTrue(missing.err().contains("'nope.yml' does not exist"), missing.err());
    }
}
