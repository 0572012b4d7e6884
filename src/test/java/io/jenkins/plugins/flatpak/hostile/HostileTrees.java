package io.jenkins.plugins.flatpak.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes the source trees of manifest cases: files and symbolic links as the corpus lists them, and the trees
 * too big or too regular to write by hand (huge, deep, bombs, many files).
 */
public final class HostileTrees {
    public static final String MANIFEST_JSON = "org.example.Hostile.json";
    static final String MANIFEST_YAML = "org.example.Hostile.yml";
    /** The valid start of a JSON manifest: ${HEAD} in the corpus. */
    public static final String HEAD = "\"id\": \"org.example.Hostile\", \"runtime\": \"io.jenkins.flatpak.test.Platform\","
            + " \"runtime-version\": \"1.0\", \"sdk\": \"io.jenkins.flatpak.test.Sdk\", \"command\": \"hello\"";
    private static final String YAML_HEAD = "id: org.example.Hostile\nruntime: io.jenkins.flatpak.test.Platform\n"
            + "runtime-version: '1.0'\nsdk: io.jenkins.flatpak.test.Sdk\ncommand: hello\n";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HostileTrees() {}

    /** A module whose build command would create the payload marker: ${PAYLOAD_MODULE} in the corpus. */
    public static String payloadModule(Path payload) {
        return "{\"name\": \"payload\", \"buildsystem\": \"simple\", \"build-commands\": [\"touch " + payload + "\"]}";
    }

    /** Writes a case's tree into {@code dir}; returns the manifest's file name. */
    public static String write(Path dir, JsonNode c, Map<String, String> vars) {
        mkdirs(dir);
        String manifest = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = c.path("tree").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            HostileCorpus.writeString(dir.resolve(f.getKey()), HostileCorpus.expand(f.getValue().asText(), vars));
            if (manifest == null) {
                manifest = f.getKey();
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = c.path("links").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> l = it.next();
            try {
                Files.createSymbolicLink(dir.resolve(l.getKey()), Path.of(HostileCorpus.expand(l.getValue().asText(), vars)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (manifest == null) {
                manifest = l.getKey();
            }
        }
        if (c.has("generate")) {
            manifest = generate(c.get("generate").asText(), dir, Path.of(vars.get("PAYLOAD")));
        }
        if (manifest == null) {
            throw new IllegalStateException("case '" + c.get("name").asText() + "' has no manifest");
        }
        return manifest;
    }

    /** A tree holding {@code manifest} as JSON and the local files the wrong-type manifests refer to. */
    static void writeValidManifestTree(Path dir, ObjectNode manifest) {
        try {
            HostileCorpus.writeString(dir.resolve(MANIFEST_JSON), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(manifest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HostileCorpus.writeString(dir.resolve("src/readme.txt"), "a local source directory\n");
        HostileCorpus.writeString(dir.resolve("ok.patch"), "--- a/x\n+++ b/x\n");
    }

    private static String generate(String name, Path dir, Path payload) {
        switch (name) {
            case "include-chain": {
                json(dir, "{" + HEAD + ", \"modules\": [\"c1.json\"]}");
                for (int i = 1; i < 20; i++) {
                    HostileCorpus.writeString(dir.resolve("c" + i + ".json"),
                            "{\"name\": \"c" + i + "\", \"modules\": [\"c" + (i + 1) + ".json\"]}");
                }
                HostileCorpus.writeString(dir.resolve("c20.json"), payloadModule(payload));
                return MANIFEST_JSON;
            }
            case "many-files": {
                StringBuilder modules = new StringBuilder();
                for (int i = 0; i < 300; i++) {
                    modules.append(i == 0 ? "" : ", ").append("\"m/").append(i).append(".json\"");
                    HostileCorpus.writeString(dir.resolve("m/" + i + ".json"),
                            "{\"name\": \"m" + i + "\", \"buildsystem\": \"simple\", \"build-commands\": [\"true\"]}");
                }
                return json(dir, "{" + HEAD + ", \"modules\": [" + modules + "]}");
            }
            case "huge-file":
                return json(dir, "{" + HEAD + ", \"x-padding\": \"" + "a".repeat(3 * 1024 * 1024) + "\", \"modules\": []}");
            case "huge-total": {
                StringBuilder modules = new StringBuilder();
                for (int i = 0; i < 5; i++) {
                    modules.append(i == 0 ? "" : ", ").append("\"big").append(i).append(".json\"");
                    HostileCorpus.writeString(dir.resolve("big" + i + ".json"), "{\"name\": \"big" + i
                            + "\", \"buildsystem\": \"simple\", \"build-commands\": [\"true\"], \"x-padding\": \""
                            + "b".repeat(1900 * 1024) + "\"}");
                }
                return json(dir, "{" + HEAD + ", \"modules\": [" + modules + "]}");
            }
            case "deep-json-objects":
                return json(dir, "{" + HEAD + ", \"x-deep\": " + "{\"a\": ".repeat(150) + "1" + "}".repeat(150)
                        + ", \"modules\": []}");
            case "deep-json-lists":
                return json(dir, "{" + HEAD + ", \"x-deep\": " + "[".repeat(5000) + "]".repeat(5000) + ", \"modules\": []}");
            case "deep-yaml": {
                StringBuilder yaml = new StringBuilder(YAML_HEAD).append("modules: []\nx-deep:\n");
                for (int i = 1; i <= 150; i++) {
                    yaml.append("  ".repeat(i)).append("a:\n");
                }
                yaml.append("  ".repeat(151)).append("b: 1\n");
                return yaml(dir, yaml.toString());
            }
            case "deep-modules": {
                StringBuilder m = new StringBuilder();
                for (int i = 0; i < 120; i++) {
                    m.append("{\"name\": \"m").append(i).append("\", \"buildsystem\": \"simple\", \"build-commands\": [\"true\"],"
                            + " \"modules\": [");
                }
                m.append(payloadModule(payload));
                m.append("]}".repeat(120));
                return json(dir, "{" + HEAD + ", \"modules\": [" + m + "]}");
            }
            case "yaml-laughs": {
                StringBuilder yaml = new StringBuilder(YAML_HEAD);
                yaml.append("x-lol0: &l0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
                for (int level = 1; level < 10; level++) {
                    yaml.append("x-lol").append(level).append(": &l").append(level).append(" [");
                    for (int i = 0; i < 9; i++) {
                        yaml.append(i == 0 ? "" : ", ").append("*l").append(level - 1);
                    }
                    yaml.append("]\n");
                }
                return yaml(dir, yaml.append("modules: [*l9]\n").toString());
            }
            case "yaml-doubling": {
                StringBuilder yaml = new StringBuilder(YAML_HEAD).append("x-d0: &d0 [\"x\", \"x\"]\n");
                for (int level = 1; level <= 24; level++) {
                    yaml.append("x-d").append(level).append(": &d").append(level).append(" [*d").append(level - 1)
                            .append(", *d").append(level - 1).append("]\n");
                }
                return yaml(dir, yaml.append("modules: []\n").toString());
            }
            case "long-number":
                return json(dir, "{" + HEAD + ", \"token-type\": " + "9".repeat(5000) + ", \"modules\": []}");
            case "not-utf8": {
                byte[] bytes = ("{" + HEAD + ", \"x-text\": \"caf\u00e9\", \"modules\": []}").getBytes(StandardCharsets.ISO_8859_1);
                try {
                    Files.write(dir.resolve(MANIFEST_JSON), bytes);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return MANIFEST_JSON;
            }
            case "hostile-git-dir": {
                json(dir, "{\"id\": \"org.example;1\", \"runtime\": \"io.jenkins.flatpak.test.Platform\","
                        + " \"runtime-version\": \"1.0\", \"sdk\": \"io.jenkins.flatpak.test.Sdk\", \"command\": \"hello\","
                        + " \"modules\": []}");
                ToolRunner git = new ToolRunner();
                Duration t = Duration.ofMinutes(1);
                git.run(Command.of("git", "init", "--quiet").directory(dir), t, OutputSink.DISCARD, null);
                git.run(Command.of("git", "config", "core.fsmonitor", "touch " + payload + "; false").directory(dir), t,
                        OutputSink.DISCARD, null);
                git.run(Command.of("git", "config", "core.pager", "touch " + payload).directory(dir), t,
                        OutputSink.DISCARD, null);
                return MANIFEST_JSON;
            }
            default:
                throw new IllegalStateException("no generator " + name);
        }
    }

    private static String json(Path dir, String text) {
        HostileCorpus.writeString(dir.resolve(MANIFEST_JSON), text);
        return MANIFEST_JSON;
    }

    private static String yaml(Path dir, String text) {
        HostileCorpus.writeString(dir.resolve(MANIFEST_YAML), text);
        return MANIFEST_YAML;
    }

    private static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
