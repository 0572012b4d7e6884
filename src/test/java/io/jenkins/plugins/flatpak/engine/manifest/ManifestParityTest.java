package io.jenkins.plugins.flatpak.engine.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The rule of issue 11, measured against the installed flatpak-builder: for every manifest of the corpus in
 * {@code src/test/resources/manifest-parity} (see its cases.yaml), flatpak-builder accepts it exactly when we do;
 * when both accept, we read what flatpak-builder prints with {@code --show-manifest} (id, runtime and SDK with
 * their branches, branch, command, the module tree with build systems and source types, the build order on each
 * arch, and for the cases built for real the order flatpak-builder built them in); for every warning
 * flatpak-builder prints, we warn about the same property. Also: every property of the table has the type
 * flatpak-builder declares, the corpus uses every property, build system and source type, and
 * docs/manifests.md documents exactly the table.
 */
class ManifestParityTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(HTTP|SHA256|SHA512|SHA1|MD5)(?::([^}]+))?}");
    private static final Pattern UNKNOWN = Pattern.compile("WARNING: Unknown property (\\S+) for type (\\S+)");
    private static final Pattern FAILED = Pattern.compile(
            "WARNING: Failed to deserialize \"([^\"]+)\" property of type \"([^\"]+)\" for an object of type \"([^\"]+)\"");
    private static final Pattern RANGE = Pattern.compile(
            "WARNING: value \"[^\"]*\" of type '\\S+' is invalid or out of range for property '([^']+)'.*");
    private static final Pattern SOURCE_TYPE = Pattern.compile("WARNING: Unknown source type (\\S+)");
    private static final Pattern FLOAT = Pattern.compile("WARNING: (\\d+):(\\d+): '(.*)' will be parsed as a number by many YAML parsers");
    private static final Pattern SPACED = Pattern.compile("Module names like '(.*)' containing ' ' are problematic\\. Expect errors\\.");
    private static final List<String> ORACLES = List.of("show", "download", "build");

    @TempDir
    static Path work;

    private static Path corpus;
    private static HttpServer http;
    private static final Map<String, String> VARS = new HashMap<>();
    private static final Figures FIGURES = new Figures();

    @BeforeAll
    static void serveDownloads() throws IOException, URISyntaxException {
        corpus = Path.of(ManifestParityTest.class.getResource("/manifest-parity/cases.yaml").toURI()).getParent();
        Path downloads = corpus.resolve("downloads");
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", exchange -> {
            String name = Path.of(exchange.getRequestURI().getPath()).getFileName().toString();
            Path file = downloads.resolve(name);
            byte[] body = Files.isRegularFile(file) ? Files.readAllBytes(file) : new byte[0];
            exchange.sendResponseHeaders(body.length == 0 ? 404 : 200, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
        VARS.put("HTTP", "http://127.0.0.1:" + http.getAddress().getPort());
        try (Stream<Path> files = Files.list(downloads)) {
            for (Path f : files.toList()) {
                byte[] bytes = Files.readAllBytes(f);
                String name = f.getFileName().toString();
                VARS.put("SHA256:" + name, digest("SHA-256", bytes));
                VARS.put("SHA512:" + name, digest("SHA-512", bytes));
                VARS.put("SHA1:" + name, digest("SHA-1", bytes));
                VARS.put("MD5:" + name, digest("MD5", bytes));
            }
        }
        FIGURES.started = System.nanoTime();
    }

    @AfterAll
    static void stopServer() {
        if (http != null) {
            http.stop(0);
        }
    }

    /** One case of cases.yaml. */
    record Case(int index, String name, String manifest, boolean accepted, String oracle, List<String> arches,
            List<String> git, List<String> names, Integer kind) {
        @SuppressWarnings("unchecked")
        static Case of(int index, Map<String, Object> m) {
            return new Case(index, (String) m.get("name"), (String) m.get("manifest"),
                    switch ((String) m.get("expect")) {
                        case "accepted" -> true;
                        case "refused" -> false;
                        default -> throw new IllegalStateException("expect: accepted or refused in " + m);
                    },
                    (String) m.getOrDefault("oracle", "download"),
                    (List<String>) m.getOrDefault("arches", List.of("x86_64")),
                    (List<String>) m.getOrDefault("git", List.of()),
                    (List<String>) m.getOrDefault("names", List.of()), (Integer) m.get("kind"));
        }
    }

    @SuppressWarnings("unchecked")
    static List<Case> cases() throws IOException {
        Map<String, Object> doc = new Yaml().load(Files.readString(corpus.resolve("cases.yaml")));
        List<Case> cases = new ArrayList<>();
        for (Object c : (List<Object>) doc.get("cases")) {
            cases.add(Case.of(cases.size(), (Map<String, Object>) c));
        }
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> everyCorpusManifestIsJudgedAsFlatpakBuilderJudgesIt() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases()) {
            tests.add(DynamicTest.dynamicTest(c.index() + " " + c.name(), () -> check(c)));
        }
        tests.add(DynamicTest.dynamicTest("the corpus covers every property, build system, source type and format",
                ManifestParityTest::coverage));
        return tests.stream();
    }

    private static void check(Case c) throws IOException, BadDocumentException {
        assertTrue(ORACLES.contains(c.oracle()), "oracle of " + c.name());
        String top = c.manifest().substring(0, c.manifest().indexOf('/'));
        Path caseDir = work.resolve("case-" + c.index());
        Path root = caseDir.resolve(top);
        copyFilled(corpus.resolve("trees").resolve(top), root);
        for (String g : c.git()) {
            gitRepository(caseDir.resolve(g));
        }
        Path manifest = caseDir.resolve(c.manifest());

        Manifest ours = null;
        ManifestException refusal = null;
        try {
            ours = ManifestLoader.load(root, manifest);
        } catch (ManifestException e) {
            refusal = e;
        }
        List<Problem> ourWarnings = ours != null ? ours.warnings() : refusal.warnings();

        FlatpakBuilderOracle.Shown shown = FlatpakBuilderOracle.show(manifest, caseDir.resolve("fb"));
        String refusedAt = shown.run().ok() ? null : "reading";
        String why = shown.run().tail();
        if (refusedAt == null && !c.oracle().equals("show")) {
            for (String arch : c.arches()) {
                FlatpakBuilderOracle.Run d = FlatpakBuilderOracle.downloadOnly(manifest, caseDir.resolve("dl-" + arch), arch);
                if (!d.ok()) {
                    refusedAt = "downloading on " + arch;
                    why = d.tail();
                    break;
                }
            }
        }
        FlatpakBuilderOracle.Run build = null;
        if (refusedAt == null && c.oracle().equals("build")) {
            FlatpakTestEnv.runner();
            build = FlatpakBuilderOracle.build(manifest, caseDir.resolve("build"), FlatpakTestEnv.userDir());
            if (!build.ok()) {
                refusedAt = "building";
                why = build.tail();
            }
        }

        String ourView = ours != null ? "we accept it" : "we refuse it: " + refusal.getMessage();
        assertEquals(c.accepted(), refusedAt == null, c.name() + ": flatpak-builder "
                + (refusedAt == null ? "accepts it" : "refuses it when " + refusedAt + ":\n" + why) + "\n" + ourView);
        assertEquals(c.accepted(), ours != null, c.name() + ": " + ourView);
        FIGURES.count(c, refusedAt);
        if (refusal != null) {
            for (String name : c.names()) {
                assertTrue(refusal.getMessage().contains(name), c.name() + ": the refusal names " + name + ":\n"
                        + refusal.getMessage());
            }
        }
        if (shown.run().ok()) {
            warnings(c, shown.warnings(), ourWarnings);
        }
        if (ours != null) {
            sameValues(c, shown.manifest(), ours);
            FIGURES.cover(c, shown.manifest(), shown.warnings());
            // flatpak-builder prints app-id as id; it counts as used when the manifest wrote app-id last
            JsonNode raw = new DocumentParser(ManifestLimits.defaults()).parse(manifest.getFileName().toString(),
                    Files.readString(manifest), new ArrayList<>(), new ExpansionBudget(ManifestLimits.defaults()));
            if (raw.path("app-id").isTextual() && raw.path("app-id").asText().equals(text(shown.manifest(), "id"))) {
                FIGURES.covered.add("BuilderManifest app-id");
            }
            if (build != null) {
                assertEquals(FlatpakBuilderOracle.buildOrder(build), ours.moduleNames("x86_64"),
                        c.name() + ": the order flatpak-builder built the modules in");
                FIGURES.builtOrders++;
            }
        }
    }

    /** What we read is what flatpak-builder read and printed. */
    private static void sameValues(Case c, JsonNode shown, Manifest m) {
        String what = c.name() + ": ";
        assertEquals(text(shown, "id"), m.appId(), what + "id");
        String runtimeVersion = text(shown, "runtime-version");
        String[] runtime = split(text(shown, "runtime"), runtimeVersion);
        assertEquals(runtime[0] + "//" + runtime[1], m.runtime() + "//" + m.runtimeBranch(), what + "runtime");
        String[] sdk = split(text(shown, "sdk"), runtimeVersion);
        assertEquals(sdk[0] + "//" + sdk[1], m.sdk() + "//" + m.sdkBranch(), what + "sdk");
        String branch = text(shown, "branch") != null ? text(shown, "branch")
                : text(shown, "default-branch") != null ? text(shown, "default-branch") : "master";
        assertEquals(branch, m.branchFor(null), what + "branch");
        assertEquals(text(shown, "command"), m.command(), what + "command");
        boolean runtimeKind = shown.path("build-runtime").asBoolean(false);
        boolean extensionKind = shown.path("build-extension").asBoolean(false);
        assertEquals(extensionKind ? Manifest.Kind.EXTENSION : runtimeKind ? Manifest.Kind.RUNTIME : Manifest.Kind.APP,
                m.kind(), what + "kind");
        assertEquals(tree(shown.path("modules")), ourTree(m.modules()), what + "module tree");
        Set<String> arches = new TreeSet<>(List.of("x86_64", "aarch64", "i386"));
        arches.addAll(m.namedArches());
        for (String arch : arches) {
            assertEquals(buildOrder(shown.path("modules"), arch), m.moduleNames(arch), what + "build order on " + arch);
        }
        FIGURES.valuesCompared += 8 + arches.size();
    }

    /** Every warning flatpak-builder printed is one of ours: about the same property, as often. */
    private static void warnings(Case c, List<String> theirs, List<Problem> ours) {
        Map<String, Integer> expected = new TreeMap<>();
        for (String line : theirs) {
            String key = warningKey(line);
            if (key == null) {
                fail(c.name() + ": a flatpak-builder warning this test does not know, so cannot check: " + line);
            }
            if (!key.isEmpty()) {
                expected.merge(key, 1, Integer::sum);
            }
        }
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            long mine = ours.stream().filter(p -> matches(e.getKey(), p)).count();
            assertTrue(mine >= e.getValue(), c.name() + ": flatpak-builder warns " + e.getValue() + " time(s) about "
                    + e.getKey() + ", we " + mine + " time(s); our warnings:\n" + lines(ours) + "\nits warnings:\n"
                    + String.join("\n", theirs));
            FIGURES.warnings += e.getValue();
        }
    }

    /** What a flatpak-builder warning is about; "" for lines that only accompany another; null when unknown. */
    static String warningKey(String line) {
        Matcher m;
        if ((m = UNKNOWN.matcher(line)).matches() || (m = FAILED.matcher(line)).matches()
                || (m = RANGE.matcher(line)).matches()) {
            return "property " + m.group(1);
        }
        if ((m = SOURCE_TYPE.matcher(line)).matches()) {
            return "source type " + m.group(1);
        }
        if (line.equals("WARNING: Missing source type")) {
            return "missing source type";
        }
        if ((m = FLOAT.matcher(line)).matches()) {
            return "number-like " + m.group(3) + " at line " + m.group(1) + ", column " + m.group(2);
        }
        if ((m = SPACED.matcher(line)).matches()) {
            return "module name " + m.group(1);
        }
        if (line.startsWith("The cmake module property is deprecated")) {
            return "property cmake";
        }
        if (line.startsWith("CRITICAL: ") || line.startsWith("Can't open ") || line.startsWith("Error parsing ")) {
            return "";
        }
        return null;
    }

    private static boolean matches(String key, Problem p) {
        if (key.startsWith("property ")) {
            return List.of(p.field().split("[.\\[\\]]+")).contains(key.substring("property ".length()));
        }
        if (key.startsWith("source type ")) {
            return p.message().contains("unknown source type '" + key.substring("source type ".length()) + "'");
        }
        if (key.equals("missing source type")) {
            return p.message().contains("every source needs a type");
        }
        if (key.startsWith("number-like ")) {
            String[] parts = key.substring("number-like ".length()).split(" at ", 2);
            return p.message().startsWith(parts[1] + ": '" + parts[0] + "'");
        }
        return key.startsWith("module name ") && p.field().endsWith("name") && p.message().contains("spaces");
    }

    /** flatpak's split of a runtime or SDK ref: id, and the branch (the ref's own, else the default, else master). */
    private static String[] split(String ref, String defaultBranch) {
        String rest = ref.replaceFirst("^(app|runtime)/", "");
        String[] parts = rest.split("/", -1);
        String branch = parts.length > 2 && !parts[2].isEmpty() ? parts[2] : defaultBranch != null ? defaultBranch : "master";
        return new String[] {parts[0], branch};
    }

    /** The module tree flatpak-builder printed: name, build system, disabled, arches, source types, children. */
    private static List<Map<String, Object>> tree(JsonNode modules) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode m : modules) {
            List<String> sources = new ArrayList<>();
            m.path("sources").forEach(s -> sources.add(s.path("type").asText()));
            out.add(moduleMap(text(m, "name"), text(m, "buildsystem"), m.path("disabled").asBoolean(false),
                    strings(m.path("only-arches")), strings(m.path("skip-arches")), sources, tree(m.path("modules"))));
        }
        return out;
    }

    private static List<Map<String, Object>> ourTree(List<ManifestModule> modules) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ManifestModule m : modules) {
            out.add(moduleMap(m.name(), m.buildsystem(), m.disabled(), m.onlyArches(), m.skipArches(),
                    m.sources().stream().map(ManifestSource::type).toList(), ourTree(m.modules())));
        }
        return out;
    }

    private static Map<String, Object> moduleMap(String name, String buildsystem, boolean disabled, List<String> only,
            List<String> skip, List<String> sources, List<Map<String, Object>> modules) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("buildsystem", buildsystem);
        m.put("disabled", disabled);
        m.put("only-arches", List.copyOf(only));
        m.put("skip-arches", List.copyOf(skip));
        m.put("sources", List.copyOf(sources));
        m.put("modules", modules);
        return m;
    }

    /** builder-manifest.c expand_modules over the printed tree, on one arch. */
    private static List<String> buildOrder(JsonNode modules, String arch) {
        List<String> out = new ArrayList<>();
        expand(modules, arch, out, new LinkedHashSet<>());
        return out;
    }

    private static void expand(JsonNode modules, String arch, List<String> out, Set<String> names) {
        for (JsonNode m : modules) {
            List<String> only = strings(m.path("only-arches"));
            if (m.path("disabled").asBoolean(false) || !only.isEmpty() && !only.contains(arch)
                    || strings(m.path("skip-arches")).contains(arch)) {
                continue;
            }
            expand(m.path("modules"), arch, out, names);
            String name = m.path("name").asText();
            String unique = name;
            for (int n = 2; !names.add(unique); n++) {
                unique = name + "-" + n;
            }
            out.add(unique);
        }
    }

    /**
     * Every property flatpak-builder 1.2.3 declares has the type we read it with: given a value of another type,
     * it warns that it failed to deserialize the property "of type" our type's GType "for an object of type" the
     * scope's class; the properties only newer releases know it calls unknown. And we warn about each of them.
     */
    @Test
    void flatpakBuilderDeclaresEveryPropertyWithTheTypeWeReadItAs() throws IOException {
        int checked = 0;
        for (ManifestProperties.Scope scope : ManifestProperties.all()) {
            ObjectNode object = NODES.objectNode();
            for (Map.Entry<String, PropertyType> p : scope.properties().entrySet()) {
                if (p.getKey().equals("type")) {
                    object.put("type", scope.what().replace("'", "").replace(" source", ""));
                } else {
                    object.set(p.getKey(), wrongValue(p.getValue()));
                }
            }
            ObjectNode manifest = NODES.objectNode().put("id", "org.example.Types");
            switch (scope.gobjectType()) {
                case "BuilderManifest" -> manifest = object;
                case "BuilderModule" -> manifest.putArray("modules").add(object);
                case "BuilderOptions" -> manifest.set("build-options", object);
                case "BuilderExtension" -> manifest.putObject("add-extensions").set("org.example.Types.Ext", object);
                default -> manifest.putArray("modules").addObject().put("name", "m").putArray("sources").add(object);
            }
            Path dir = Files.createDirectories(work.resolve("types").resolve(scope.gobjectType()));
            Path file = dir.resolve("org.example.Types.json");
            Files.writeString(file, manifest.toString());
            FlatpakBuilderOracle.Shown shown = FlatpakBuilderOracle.show(file, dir.resolve("fb"));
            assertTrue(shown.run().ok(), scope.what() + ": " + shown.run().tail());
            Map<String, String> failed = new HashMap<>();
            Set<String> unknown = new TreeSet<>();
            for (String line : shown.warnings()) {
                Matcher m = FAILED.matcher(line);
                if (m.matches() && m.group(3).equals(scope.gobjectType())) {
                    failed.put(m.group(1), m.group(2));
                }
                m = UNKNOWN.matcher(line);
                if (m.matches() && m.group(2).equals(scope.gobjectType())) {
                    unknown.add(m.group(1));
                }
            }
            List<Problem> ours;
            try {
                ours = ManifestLoader.load(dir, file).warnings();
            } catch (ManifestException e) {
                ours = e.warnings();
            }
            for (Map.Entry<String, PropertyType> p : scope.properties().entrySet()) {
                String name = p.getKey();
                if (name.equals("type")) {
                    continue;
                }
                if (ManifestProperties.NEWER_THAN_1_2_3.contains(name)) {
                    assertTrue(unknown.contains(name), scope.what() + " " + name + " is unknown to 1.2.3");
                } else {
                    assertEquals(p.getValue().gtype, failed.get(name), scope.what() + " " + name + ": its type");
                }
                assertTrue(ours.stream().anyMatch(w -> matches("property " + name, w)),
                        scope.what() + " " + name + ": we warn about the value\n" + lines(ours));
                checked++;
            }
        }
        System.out.println("property types: " + checked + " properties of " + ManifestProperties.all().size()
                + " scopes have the type flatpak-builder 1.2.3 declares");
    }

    /** A value json-glib cannot turn into the type: an object for plain types, a number for objects and lists. */
    private static JsonNode wrongValue(PropertyType type) {
        return switch (type) {
            case OPTIONS, ENV, ARCH_OPTIONS, MODULES, SOURCES, EXTENSIONS -> NODES.numberNode(7);
            default -> NODES.objectNode().put("zz", 1);
        };
    }

    /** docs/manifests.md has one table row per property of each scope, no more. */
    @Test
    void theDocumentationListsEveryPropertyOfTheTable() throws IOException {
        Map<String, Set<String>> documented = documentedProperties();
        Set<String> common = documented.getOrDefault("BuilderSource", Set.of());
        for (ManifestProperties.Scope scope : ManifestProperties.all()) {
            Set<String> docs = new TreeSet<>(documented.getOrDefault(scope.gobjectType(), Set.of()));
            if (scope.gobjectType().startsWith("BuilderSource")) {
                docs.addAll(common);
            }
            assertEquals(new TreeSet<>(scope.properties().keySet()), docs,
                    "docs/manifests.md, the table of " + scope.gobjectType());
        }
    }

    /** The properties docs/manifests.md lists, per builder class named in the heading above each table. */
    static Map<String, Set<String>> documentedProperties() throws IOException {
        Path docs = FlatpakTestEnv.projectDir().resolve("docs").resolve("manifests.md");
        Pattern heading = Pattern.compile("^#+ .*`(Builder\\w*)`.*$");
        Pattern row = Pattern.compile("^\\| `([a-z0-9-]+)` \\|.*");
        Map<String, Set<String>> out = new LinkedHashMap<>();
        String current = null;
        for (String line : Files.readAllLines(docs, StandardCharsets.UTF_8)) {
            Matcher h = heading.matcher(line);
            if (h.matches()) {
                current = h.group(1);
                continue;
            }
            Matcher r = row.matcher(line);
            if (r.matches() && current != null) {
                out.computeIfAbsent(current, k -> new TreeSet<>()).add(r.group(1));
            }
        }
        return out;
    }

    private static void coverage() {
        List<String> missing = new ArrayList<>();
        for (ManifestProperties.Scope scope : ManifestProperties.all()) {
            for (String p : scope.properties().keySet()) {
                if (!FIGURES.covered.contains(scope.gobjectType() + " " + p)) {
                    missing.add(scope.what() + " " + p);
                }
            }
        }
        Set<String> buildsystems = new TreeSet<>(ManifestProperties.BUILDSYSTEMS);
        buildsystems.add("(unset)");
        buildsystems.removeAll(FIGURES.buildsystems);
        Set<String> sourceTypes = new TreeSet<>(ManifestProperties.SOURCES_BY_TYPE.keySet());
        sourceTypes.removeAll(FIGURES.sourceTypes);
        Set<String> formats = new TreeSet<>(List.of("json", "yml", "yaml"));
        formats.removeAll(FIGURES.formats);
        int properties = ManifestProperties.all().stream().mapToInt(s -> s.properties().size()).sum();
        System.out.printf("manifest parity with flatpak-builder 1.2.3: %d cases (%s), %d agree: %d accepted by both,"
                + " %d refused by both (flatpak-builder refuses %s); %d read values equal, %d real build orders"
                + " equal; %d flatpak-builder warnings, each also ours; properties used %d of %d, build systems %d"
                + " of %d, source types %d of %d; %.1f s%n",
                FIGURES.cases, FIGURES.formatsCount, FIGURES.agree, FIGURES.accepted, FIGURES.refused,
                FIGURES.refusedAt, FIGURES.valuesCompared, FIGURES.builtOrders, FIGURES.warnings,
                properties - missing.size(), properties, ManifestProperties.BUILDSYSTEMS.size() + 1 - buildsystems.size(),
                ManifestProperties.BUILDSYSTEMS.size() + 1,
                ManifestProperties.SOURCES_BY_TYPE.size() - sourceTypes.size(), ManifestProperties.SOURCES_BY_TYPE.size(),
                (System.nanoTime() - FIGURES.started) / 1e9);
        assertEquals(List.of(), missing, "properties no accepted corpus manifest uses");
        assertEquals(Set.of(), buildsystems, "build systems no accepted corpus module uses");
        assertEquals(Set.of(), sourceTypes, "source types no accepted corpus module uses");
        assertEquals(Set.of(), formats, "manifest formats no accepted corpus case is written in");
    }

    /** What the corpus showed, for the figures and the coverage check. */
    private static final class Figures {
        long started;
        int cases;
        int agree;
        int accepted;
        int refused;
        int valuesCompared;
        int builtOrders;
        int warnings;
        final Map<String, Integer> refusedAt = new TreeMap<>();
        final Map<String, Integer> formatsCount = new TreeMap<>();
        final Set<String> covered = new TreeSet<>();
        final Set<String> buildsystems = new TreeSet<>();
        final Set<String> sourceTypes = new TreeSet<>();
        final Set<String> formats = new TreeSet<>();

        synchronized void count(Case c, String fbRefusedAt) {
            cases++;
            agree++;
            formatsCount.merge(extension(c.manifest()), 1, Integer::sum);
            if (fbRefusedAt == null) {
                accepted++;
            } else {
                refused++;
                refusedAt.merge(fbRefusedAt.startsWith("downloading") ? "downloading" : fbRefusedAt, 1, Integer::sum);
            }
        }

        /** Coverage from flatpak-builder's own view: what it printed, and the newer properties it called unknown. */
        synchronized void cover(Case c, JsonNode shown, List<String> warnings) {
            formats.add(extension(c.manifest()));
            scope(shown, ManifestProperties.MANIFEST);
            for (String line : warnings) {
                Matcher m = UNKNOWN.matcher(line);
                if (m.matches() && ManifestProperties.NEWER_THAN_1_2_3.contains(m.group(1))) {
                    covered.add(m.group(2) + " " + m.group(1));
                }
            }
        }

        private void scope(JsonNode object, ManifestProperties.Scope scope) {
            object.fieldNames().forEachRemaining(k -> covered.add(scope.gobjectType() + " " + k));
            options(object.get("build-options"));
            for (String key : List.of("add-extensions", "add-build-extensions")) {
                object.path(key).forEach(e -> scope(e, ManifestProperties.EXTENSION));
            }
            for (JsonNode m : object.path("modules")) {
                buildsystems.add(m.hasNonNull("buildsystem") ? m.get("buildsystem").asText() : "(unset)");
                scope(m, ManifestProperties.MODULE);
            }
            for (JsonNode s : object.path("sources")) {
                String type = s.path("type").asText();
                sourceTypes.add(type);
                ManifestProperties.Scope sourceScope = ManifestProperties.SOURCES_BY_TYPE.get(type);
                assertNotNull(sourceScope, type);
                s.fieldNames().forEachRemaining(k -> covered.add(sourceScope.gobjectType() + " " + k));
            }
        }

        private void options(JsonNode options) {
            if (options == null) {
                return;
            }
            options.fieldNames().forEachRemaining(k -> covered.add("BuilderOptions " + k));
            options.path("arch").forEach(this::options);
        }
    }

    private static String extension(String manifest) {
        return manifest.substring(manifest.lastIndexOf('.') + 1);
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    private static List<String> strings(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(e -> out.add(e.asText()));
        return out;
    }

    private static String lines(List<Problem> problems) {
        StringBuilder sb = new StringBuilder();
        problems.forEach(p -> sb.append("  ").append(p).append('\n'));
        return sb.toString();
    }

    /** Copies a corpus tree, filling in the placeholders of its manifest, module and sources files. */
    private static void copyFilled(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (p.toString().matches(".*\\.(json|ya?ml)$")) {
                    Files.writeString(target, fill(Files.readString(p, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static String fill(String text) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String key = m.group(2) == null ? m.group(1) : m.group(1) + ":" + m.group(2);
            String v = VARS.get(key);
            if (v == null) {
                throw new IllegalStateException("no value for ${" + key + "}");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static void gitRepository(Path dir) throws IOException {
        for (List<String> cmd : List.of(List.of("git", "init", "-q", "-b", "main"), List.of("git", "add", "-A"),
                List.of("git", "-c", "user.name=test", "-c", "user.email=test@example.org", "commit", "-q", "-m", "test"))) {
            try {
                Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor() != 0) {
                    throw new IOException(cmd + " failed: " + out);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }

    private static String digest(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
