package io.jenkins.plugins.flatpak.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jenkins.plugins.flatpak.engine.Names;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hostile-input corpus of {@code src/test/resources/hostile/}: case files read, source trees of the
 * manifest cases written (once, into the world's fixtures), and cases expanded for one worker's placeholders.
 */
public final class HostileCorpus {
    static final List<String> CASE_FILES = List.of("names.yaml", "paths.yaml", "git.yaml", "gpg.yaml", "state.yaml",
            "manifests.yaml");
    static final String FIELDS_FILE = "manifest-fields.yaml";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)}");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A case as written, trees already on disk; {@code vars} holds TREE and MANIFEST for manifest cases. */
    private record Template(String category, JsonNode node, Map<String, String> vars, boolean mayRecordFailure) {
    }

    private final List<Template> templates = new ArrayList<>();

    private HostileCorpus() {}

    /** Reads every case file, writing the source trees of manifest cases under {@code treesDir}. */
    static HostileCorpus load(Path treesDir, Map<String, String> worldVars) {
        HostileCorpus corpus = new HostileCorpus();
        int tree = 0;
        for (String file : CASE_FILES) {
            JsonNode doc = read(file);
            String category = doc.get("category").asText();
            for (JsonNode c : doc.get("cases")) {
                Map<String, String> vars = new LinkedHashMap<>();
                boolean isManifest = c.has("tree") || c.has("links") || c.has("generate");
                if (isManifest) {
                    Path dir = treesDir.resolve(String.format("%03d-%s", tree++, slug(c.get("name").asText())));
                    String manifest = HostileTrees.write(dir, c, worldVars);
                    vars.put("TREE", dir.toString());
                    vars.put("MANIFEST", c.has("manifest") ? c.get("manifest").asText() : manifest);
                }
                corpus.templates.add(new Template(category, c, vars, isManifest));
            }
        }
        corpus.addWrongTypes(treesDir.resolve("fields"));
        return corpus;
    }

    int size() {
        return templates.size();
    }

    /** Every case with the world's and one worker's placeholders filled in. */
    List<HostileCase> cases(Map<String, String> vars) {
        List<HostileCase> cases = new ArrayList<>();
        for (Template t : templates) {
            Map<String, String> all = new LinkedHashMap<>(vars);
            all.putAll(t.vars());
            JsonNode c = t.node();
            List<String> args = new ArrayList<>(prefix(c.path("run").asText("none")));
            c.path("args").forEach(a -> args.add(a.asText()));
            String value = c.has("value") ? expand(c.get("value").asText(), all) : null;
            if (value != null) {
                all.put("VALUE", value);
            }
            List<String> expanded = new ArrayList<>();
            for (String a : args) {
                expanded.add(expand(a, all));
            }
            List<String> names = new ArrayList<>();
            if (c.has("names")) {
                c.get("names").forEach(n -> names.add(expand(n.asText(), all)));
            } else if (value != null) {
                names.add(Names.quote(value));
            } else {
                throw new IllegalStateException("case '" + c.get("name").asText() + "' has neither value nor names");
            }
            cases.add(new HostileCase(t.category(), c.get("name").asText(), List.copyOf(expanded), List.copyOf(names),
                    t.mayRecordFailure()));
        }
        return cases;
    }

    private static List<String> prefix(String run) {
        switch (run) {
            case "build": return List.of("build", "--manifest", "${HELLO}", "--build-repo", "${BUILD_REPO}");
            case "run": return List.of("run", "--manifest", "${HELLO}", "--build-repo", "${BUILD_REPO}", "--repo", "${REPO}");
            case "publish": return List.of("publish", "${COMMITTED}", "--repo", "${REPO}");
            case "git": return List.of("build", "--git-url", "${GIT_URL}", "--manifest", "org.example.Hello.yml",
                    "--build-repo", "${BUILD_REPO}");
            case "manifest": return List.of("build", "--manifest", "${TREE}/${MANIFEST}", "--build-repo", "${BUILD_REPO}");
            case "none": return List.of();
            default: throw new IllegalStateException("unknown run prefix " + run);
        }
    }

    /** Fills {@code ${NAME}} placeholders; an unknown one is a mistake in the corpus. */
    public static String expand(String text, Map<String, String> vars) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = vars.get(m.group(1));
            if (v == null) {
                throw new IllegalStateException("unknown placeholder ${" + m.group(1) + "} in " + text);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** One manifest per property of manifest-fields.yaml, valid except for that property's type. */
    private void addWrongTypes(Path dir) {
        JsonNode doc = read(FIELDS_FILE);
        String category = doc.get("category").asText();
        JsonNode wrong = doc.get("wrong");
        int n = 0;
        for (Iterator<Map.Entry<String, JsonNode>> scopes = doc.get("scopes").fields(); scopes.hasNext(); ) {
            Map.Entry<String, JsonNode> scope = scopes.next();
            for (Iterator<Map.Entry<String, JsonNode>> fields = scope.getValue().fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                JsonNode badValue = wrong.get(field.getValue().asText());
                if (badValue == null) {
                    throw new IllegalStateException("no wrong value for type " + field.getValue().asText());
                }
                Path tree = dir.resolve(String.format("%03d-%s-%s", n++, slug(scope.getKey()), field.getKey()));
                ObjectNode manifest = validManifest(scope.getKey());
                String path = place(manifest, scope.getKey(), field.getKey(), badValue.deepCopy());
                HostileTrees.writeValidManifestTree(tree, manifest);
                Map<String, String> vars = new LinkedHashMap<>();
                vars.put("TREE", tree.toString());
                vars.put("MANIFEST", HostileTrees.MANIFEST_JSON);
                ObjectNode c = NODES.objectNode();
                c.put("name", scope.getKey() + " " + field.getKey() + " as " + describe(badValue));
                c.put("run", "manifest");
                ArrayNode names = c.putArray("names");
                names.add(HostileTrees.MANIFEST_JSON + ": " + path + ": ");
                names.add("expected");
                templates.add(new Template(category, c, vars, true));
            }
        }
    }

    /** The manifests the wrong-type cases start from: valid for every scope (HostileInputTest checks it). */
    static ObjectNode validManifest(String scope) {
        ObjectNode m = NODES.objectNode();
        m.put("id", "org.example.Hostile");
        m.put("runtime", "io.jenkins.flatpak.test.Platform");
        m.put("runtime-version", "1.0");
        m.put("sdk", "io.jenkins.flatpak.test.Sdk");
        m.put("command", "hello");
        m.putObject("build-options").put("cflags", "-O2");
        m.putObject("add-extensions").putObject("org.example.Hostile.Ext").put("directory", "ext");
        ObjectNode module = m.putArray("modules").addObject();
        module.put("name", "m");
        module.put("buildsystem", "simple");
        module.putArray("build-commands").add("true");
        ArrayNode sources = module.putArray("sources");
        if (scope.startsWith("source:")) {
            sources.add(minimalSource(scope.substring("source:".length())));
        }
        return m;
    }

    private static ObjectNode minimalSource(String type) {
        ObjectNode s = NODES.objectNode();
        s.put("type", type);
        String sha256 = "0".repeat(64);
        switch (type) {
            case "archive" -> s.put("url", "https://example.org/a.tar.gz").put("sha256", sha256);
            case "git" -> s.put("url", "https://example.org/r.git").put("commit", "0123456789abcdef0123456789abcdef01234567");
            case "file" -> s.put("url", "https://example.org/f.txt").put("sha256", sha256);
            case "dir" -> s.put("path", "src");
            case "script" -> {
                s.putArray("commands").add("true");
                s.put("dest-filename", "s.sh");
            }
            case "shell" -> s.putArray("commands").add("true");
            case "patch" -> s.put("path", "ok.patch");
            case "inline" -> s.put("contents", "x").put("dest-filename", "x.txt");
            case "extra-data" -> s.put("filename", "x.bin").put("url", "https://example.org/x.bin").put("sha256", sha256)
                    .put("size", 1);
            default -> throw new IllegalStateException("no minimal source of type " + type);
        }
        return s;
    }

    /** Puts {@code value} at the scope's field; returns the field path the validator reports. */
    private static String place(ObjectNode m, String scope, String field, JsonNode value) {
        if (scope.equals("manifest")) {
            m.set(field, value);
            return field;
        }
        if (scope.equals("module")) {
            ((ObjectNode) m.get("modules").get(0)).set(field, value);
            return "modules[0]." + field;
        }
        if (scope.equals("build-options")) {
            ((ObjectNode) m.get("build-options")).set(field, value);
            return "build-options." + field;
        }
        if (scope.equals("extension")) {
            ((ObjectNode) m.get("add-extensions").get("org.example.Hostile.Ext")).set(field, value);
            return "add-extensions.org.example.Hostile.Ext." + field;
        }
        ((ObjectNode) m.get("modules").get(0).get("sources").get(0)).set(field, value);
        return "modules[0].sources[0]." + field;
    }

    private static String describe(JsonNode v) {
        return v.isTextual() ? "a string" : v.isNumber() ? "a number" : v.isArray() ? "a list" : v.getNodeType().toString();
    }

    private static JsonNode read(String file) {
        try (InputStream in = HostileCorpus.class.getResourceAsStream("/hostile/" + file)) {
            if (in == null) {
                throw new IllegalStateException("no test resource hostile/" + file);
            }
            return YAML.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String slug(String name) {
        String s = name.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return s.length() > 40 ? s.substring(0, 40) : s;
    }

    static void writeString(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
