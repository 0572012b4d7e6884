package io.jenkins.plugins.flatpak.engine.manifest;

import static io.jenkins.plugins.flatpak.engine.manifest.ManifestFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample apps of {@code test-repos/} load as expected, and what we read from a manifest matches what
 * the real {@code flatpak-builder --show-manifest} (which prints it with includes resolved) reads.
 */
class SampleManifestsTest {
    private static final Path SAMPLES = Path.of(System.getProperty("flatpak.project.dir", "")).toAbsolutePath()
            .resolve("test-repos");

    @TempDir
    Path temp;

    @Test
    void helloYaml() {
        Path dir = SAMPLES.resolve("hello-yaml");
        Path file = ManifestLocator.find(dir, null);
        assertEquals(dir.resolve("org.example.Hello.yml"), file);
        Manifest m = ManifestLoader.load(dir, file, "org.example.Hello");
        assertEquals("org.example.Hello", m.appId());
        assertEquals(Manifest.Kind.APP, m.kind());
        assertEquals("io.jenkins.flatpak.test.Platform", m.runtime());
        assertEquals("1.0", m.runtimeVersion());
        assertEquals("io.jenkins.flatpak.test.Sdk", m.sdk());
        assertEquals("hello", m.command());
        assertEquals(List.of("--share=ipc"), m.finishArgs());
        assertEquals(List.of("hello"), m.moduleNames());
        assertEquals(List.of(), m.includedFiles());
        assertEquals(List.of(), m.warnings());
        assertEquals("app/org.example.Hello/x86_64/test", m.ref("x86_64", "test"));
        agreesWithFlatpakBuilder(m);
    }

    @Test
    void greeterJsonWithAnIncludedModule() {
        Path dir = SAMPLES.resolve("greeter-json");
        Manifest m = ManifestLoader.load(dir, ManifestLocator.find(dir, "org.example.Greeter"));
        assertEquals("org.example.Greeter", m.appId());
        assertEquals("greeter", m.command());
        assertEquals(List.of("greeter"), m.moduleNames());
        assertEquals(List.of("modules/greeter.json"), m.includedFiles());
        ManifestModule greeter = m.modules().get(0);
        assertEquals("modules/greeter.json", greeter.file());
        assertEquals("simple", greeter.buildsystem());
        ManifestSource source = greeter.sources().get(0);
        assertEquals("file", source.type());
        assertEquals(List.of("greeter.sh"), source.localPaths(), "next to the included file, which is where it is");
        assertEquals(List.of(), m.warnings());
        agreesWithFlatpakBuilder(m);
    }

    @Test
    void polyglotWithLocales() {
        Path dir = SAMPLES.resolve("polyglot-locale");
        Manifest m = ManifestLoader.load(dir, ManifestLocator.resolve(dir, "org.example.Polyglot.yml"));
        assertEquals("org.example.Polyglot", m.appId());
        assertTrue(m.separateLocales(), "on by default: the .Locale extension is exported");
        assertEquals(List.of("polyglot"), m.moduleNames());
        assertEquals(List.of("file", "dir"), m.modules().get(0).sources().stream().map(ManifestSource::type).toList());
        assertEquals(List.of(), m.warnings());
        agreesWithFlatpakBuilder(m);
    }

    /** Includes of modules and sources (relative to the file naming them), nesting, YAML and JSON mixed. */
    @Test
    void includesResolveAsFlatpakBuilderResolvesThem() throws IOException {
        Path root = Files.createDirectories(temp.resolve("tree"));
        write(root, "build-aux/modules/lib.yaml", String.join("\n",
                "name: lib",
                "buildsystem: meson",
                "modules:",
                "  - deps/zlib.json",
                "  - name: off",
                "    disabled: true",
                "sources:",
                "  - lib-sources.json",
                ""));
        write(root, "build-aux/modules/deps/zlib.json", "{\"name\": \"zlib\", \"sources\": [{\"type\": \"file\", \"path\": \"z.c\"}]}");
        write(root, "build-aux/modules/deps/z.c", "\n");
        write(root, "build-aux/modules/lib-sources.json", "[{\"type\": \"dir\", \"path\": \"../../src\"}]");
        write(root, "src/main.c", "\n");
        Path file = write(root, "build-aux/org.example.App.yml", String.join("\n",
                "# a comment",
                "app-id: org.example.App",
                "runtime: io.jenkins.flatpak.test.Platform",
                "runtime-version: 22.10",
                "sdk: io.jenkins.flatpak.test.Sdk",
                "command: app",
                "modules:",
                "  - modules/lib.yaml",
                "  - name: zlib",
                "    buildsystem: simple",
                "    build-commands: [\"true\"]",
                "  - name: app",
                "    buildsystem: simple",
                "    build-commands: [\"true\"]",
                "    modules:",
                "      - modules/deps/zlib.json",
                ""));

        Manifest m = ManifestLoader.load(root, file);

        assertEquals("22.10", m.runtimeVersion(), "an unquoted 22.10 is text to flatpak-builder");
        assertEquals(List.of("zlib", "lib", "zlib-2", "zlib-3", "app"), m.moduleNames());
        assertEquals(List.of("build-aux/modules/lib.yaml", "build-aux/modules/lib-sources.json",
                "build-aux/modules/deps/zlib.json"), m.includedFiles());
        agreesWithFlatpakBuilder(m);
    }

    @Test
    void jsonBlockCommentsAreAcceptedByBoth() {
        Path root = temp;
        Path file = write(root, "org.example.App.json", "/* made by hand */\n{\"id\": \"org.example.App\","
                + " /* the test runtime */ \"runtime\": \"io.jenkins.flatpak.test.Platform\","
                + " \"sdk\": \"io.jenkins.flatpak.test.Sdk\", \"command\": \"app\","
                + " \"modules\": [{\"name\": \"app\", \"buildsystem\": \"simple\", \"build-commands\": [\"true\"]}]}");
        agreesWithFlatpakBuilder(ManifestLoader.load(root, file));
    }

    private void agreesWithFlatpakBuilder(Manifest m) {
        JsonNode shown = showManifest(m.file());
        String id = shown.hasNonNull("id") ? shown.get("id").asText() : shown.get("app-id").asText();
        assertEquals(id, m.appId());
        assertEquals(shown.path("runtime").asText(null), m.runtime());
        assertEquals(shown.path("runtime-version").asText(null), m.runtimeVersion());
        assertEquals(shown.path("sdk").asText(null), m.sdk());
        assertEquals(shown.path("command").asText(null), m.command());
        assertEquals(buildOrder(shown.path("modules")), m.moduleNames(),
                "module build order as flatpak-builder's expand_modules makes it");
    }

    private JsonNode showManifest(Path file) {
        Path cwd = temp.resolve("cwd");
        try {
            Files.createDirectories(cwd);
            List<String> out = new ToolRunner().capture(Command.of("flatpak-builder").arg("--show-manifest")
                    .positional(file.toString()).directory(cwd), Duration.ofMinutes(1),
                    line -> System.out.println("  | " + line), null).output();
            return new ObjectMapper().readTree(String.join("\n", out));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** builder-manifest.c expand_modules over the printed (resolved) tree. */
    private static List<String> buildOrder(JsonNode modules) {
        List<String> out = new ArrayList<>();
        expand(modules, out, new HashSet<>());
        return out;
    }

    private static void expand(JsonNode modules, List<String> out, Set<String> names) {
        for (JsonNode m : modules) {
            if (m.path("disabled").asBoolean(false)) {
                continue;
            }
            expand(m.path("modules"), out, names);
            String name = m.get("name").asText();
            String unique = name;
            for (int n = 2; !names.add(unique); n++) {
                unique = name + "-" + n;
            }
            out.add(unique);
        }
    }
}
