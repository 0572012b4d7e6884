package io.jenkins.plugins.flatpak.jenkins.hpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** The plugin manifest as Jenkins reads it, in the .hpi and (identically) in the plugin jar. */
class HpiManifestIT {
    /** The baseline: Jenkins 2.516.1 and the plugin versions installed on it (../shared/docs/jenkins-packaging.md). */
    private static final String JENKINS_BASELINE = "2.516.1";

    /** Every dependency plugin, at the baseline's versions: the lowest the code needs. */
    private static final Map<String, String> DEPENDENCIES = Map.of(
            "workflow-step-api", "724.v538c2362b_dfb_",
            "structs", "362.va_b_695ef4fdf9",
            "credentials", "1487.va_d001ede2c31",
            "plain-credentials", "199.v9f8e1f741799",
            "git-client", "6.5.0",
            "bouncycastle-api", "2.30.1.84-291.v9f17b_21896e2",
            "jackson2-api", "2.21.2-436.v29efdb_7418ff",
            "snakeyaml-api", "2.5-149.v72471e9c6371");

    /** Which plugin provides the classes under each package prefix the plugin may use. */
    private static final Map<String, String> PROVIDERS = new LinkedHashMap<>();

    static {
        PROVIDERS.put("org/jenkinsci/plugins/workflow/steps/", "workflow-step-api");
        PROVIDERS.put("org/jenkinsci/plugins/workflow/", "workflow-api");
        PROVIDERS.put("org/jenkinsci/plugins/structs/", "structs");
        PROVIDERS.put("com/cloudbees/plugins/credentials/", "credentials");
        PROVIDERS.put("org/jenkinsci/plugins/plaincredentials/", "plain-credentials");
        PROVIDERS.put("org/jenkinsci/plugins/gitclient/", "git-client");
        PROVIDERS.put("hudson/plugins/git/", "git-client");
        PROVIDERS.put("org/eclipse/jgit/", "git-client");
        PROVIDERS.put("org/bouncycastle/", "bouncycastle-api");
        PROVIDERS.put("com/fasterxml/jackson/", "jackson2-api");
        PROVIDERS.put("org/yaml/snakeyaml/", "snakeyaml-api");
    }

    private static byte[] rawManifest(JarFile jar) throws IOException {
        ZipEntry entry = jar.getEntry(JarFile.MANIFEST_NAME);
        assertNotNull(entry, jar.getName() + " has no manifest");
        try (InputStream in = jar.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }

    private static byte[] outerManifest() throws IOException {
        try (JarFile hpi = new JarFile(PluginArchive.hpi().toFile())) {
            return rawManifest(hpi);
        }
    }

    private static byte[] innerManifest() throws IOException {
        try (JarFile jar = PluginArchive.openJar()) {
            return rawManifest(jar);
        }
    }

    private static Attributes attributes(byte[] raw) throws IOException {
        return new Manifest(new java.io.ByteArrayInputStream(raw)).getMainAttributes();
    }

    private static void assertPluginAttributes(Attributes a, String where) {
        assertEquals("flatpak", a.getValue("Short-Name"), where);
        assertEquals("io.jenkins.plugins", a.getValue("Group-Id"), where);
        assertEquals("flatpak", a.getValue("Artifact-Id"), where);
        assertNotNull(a.getValue("Long-Name"), where);
        assertFalse(a.getValue("Long-Name").isBlank(), where);
        assertTrue(a.getValue("Plugin-Version").matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), where + ": " + a.getValue("Plugin-Version"));
        assertEquals(JENKINS_BASELINE, a.getValue("Jenkins-Version"), where);
        assertEquals(JENKINS_BASELINE, a.getValue("Hudson-Version"), where);
        assertTrue(a.getValue("Url").startsWith("https://"), where + ": " + a.getValue("Url"));
        assertEquals("17", a.getValue("Minimum-Java-Version"), where);
        assertNotNull(a.getValue("Plugin-License-Name"), where);
        assertNotNull(a.getValue("Support-Dynamic-Loading"), where);
        assertNull(a.getValue("Plugin-Class"), where + ": Plugin-Class must be omitted (it would have to extend hudson.Plugin)");
    }

    @Test
    void theHpiManifestDescribesThePlugin() throws IOException {
        assertPluginAttributes(attributes(outerManifest()), "the .hpi manifest");
    }

    @Test
    void thePluginJarCarriesTheSameManifest() throws IOException {
        Attributes outer = attributes(outerManifest());
        Attributes inner = attributes(innerManifest());
        assertPluginAttributes(inner, "the plugin jar's manifest");
        for (String name : List.of("Short-Name", "Long-Name", "Plugin-Version", "Jenkins-Version", "Hudson-Version",
                "Plugin-Dependencies", "Url", "Group-Id", "Artifact-Id")) {
            assertEquals(outer.getValue(name), inner.getValue(name), name);
        }
    }

    @Test
    void dependenciesAreListedWithTheDocumentedVersionsAndSyntax() throws IOException {
        String value = attributes(outerManifest()).getValue("Plugin-Dependencies");
        assertNotNull(value, "no Plugin-Dependencies");
        assertFalse(value.contains(" "), "Plugin-Dependencies must not contain spaces: " + value);
        Map<String, String> declared = new LinkedHashMap<>();
        for (String item : value.split(",")) {
            String[] parts = item.split(";", 2)[0].split(":");
            assertEquals(2, parts.length, "not name:version: " + item);
            assertNull(declared.put(parts[0], parts[1]), "listed twice: " + parts[0]);
            assertFalse(item.contains(";resolution:=optional"), "the plugin cannot work without " + parts[0]);
        }
        for (Map.Entry<String, String> d : DEPENDENCIES.entrySet()) {
            assertEquals(d.getValue(), declared.get(d.getKey()), "the version of dependency " + d.getKey());
        }
        assertEquals(DEPENDENCIES.keySet(), declared.keySet(), "the declared dependencies");
    }

    /** A dependency whose classes no plugin class references is one Jenkins makes every user install for nothing. */
    @Test
    void everyDependencyIsUsed() throws IOException {
        TreeSet<String> used = new TreeSet<>();
        for (String className : PluginArchive.classNames()) {
            for (String type : Bytecode.referencedTypes(PluginArchive.classBytes(className))) {
                String t = type.replaceFirst("^\\[*L?", "");
                PROVIDERS.entrySet().stream().filter(p -> t.startsWith(p.getKey()))
                        .findFirst().ifPresent(p -> used.add(p.getValue()));
                if (t.startsWith("org/jenkinsci/Symbol")) {
                    used.add("structs"); // @Symbol names (JCasC, credentials) are looked up through structs
                }
            }
        }
        TreeSet<String> unused = new TreeSet<>(declaredDependencies().keySet());
        unused.removeAll(used);
        assertEquals(Set.of(), unused, "declared dependencies whose classes nothing uses");
    }

    private static Map<String, String> declaredDependencies() throws IOException {
        Map<String, String> declared = new LinkedHashMap<>();
        for (String item : attributes(outerManifest()).getValue("Plugin-Dependencies").split(",")) {
            String[] parts = item.split(";", 2)[0].split(":");
            declared.put(parts[0], parts[1]);
        }
        return declared;
    }

    @Test
    void everyPluginWhoseClassesAreUsedIsADependency() throws IOException {
        Map<String, String> declared = declaredDependencies();
        TreeSet<String> missing = new TreeSet<>();
        TreeSet<String> used = new TreeSet<>();
        for (String className : PluginArchive.classNames()) {
            for (String type : Bytecode.referencedTypes(PluginArchive.classBytes(className))) {
                for (Map.Entry<String, String> p : PROVIDERS.entrySet()) {
                    if (type.startsWith(p.getKey())) {
                        used.add(p.getValue());
                        if (!declared.containsKey(p.getValue())) {
                            missing.add(p.getValue() + " (" + className + " uses " + type + ")");
                        }
                        break;
                    }
                }
            }
        }
        assertTrue(missing.isEmpty(), "classes of plugins that are not dependencies: " + missing);
        assertTrue(used.containsAll(List.of("credentials", "workflow-step-api", "bouncycastle-api")),
                "the scan found too little to be trusted: " + used);
    }

    /** Libraries Jenkins core itself ships, which every plugin sees. */
    private static final List<String> CORE_LIBRARIES = List.of("java/", "javax/", "jakarta/servlet/", "hudson/", "jenkins/",
            "org/jenkinsci/", "org/kohsuke/", "com/cloudbees/", "com/google/common/", "net/sf/json/",
            "org/springframework/security/", "edu/umd/cs/findbugs/annotations/");

    @Test
    void everyClassComesFromThePluginCoreOrADependency() throws IOException {
        TreeSet<String> unknown = new TreeSet<>();
        for (String className : PluginArchive.classNames()) {
            for (String type : Bytecode.referencedTypes(PluginArchive.classBytes(className))) {
                String t = type.replaceFirst("^\\[*L?", "");
                boolean known = t.length() <= 1 || t.startsWith("io/jenkins/plugins/flatpak/")
                        || CORE_LIBRARIES.stream().anyMatch(t::startsWith)
                        || PROVIDERS.keySet().stream().anyMatch(t::startsWith);
                if (!known) {
                    unknown.add(t + " (used by " + className + ")");
                }
            }
        }
        assertTrue(unknown.isEmpty(), "classes that neither the plugin, Jenkins core nor a dependency plugin provides: " + unknown);
    }

    @Test
    void manifestsAreWrittenAsJenkinsReadsThem() throws IOException {
        for (byte[] raw : List.of(outerManifest(), innerManifest())) {
            String text = new String(raw, StandardCharsets.UTF_8);
            assertTrue(text.endsWith("\n"), "a manifest must end with a newline, or its last attribute is lost");
            List<String> tooLong = new ArrayList<>();
            for (String line : text.split("\r?\n")) {
                if (line.getBytes(StandardCharsets.UTF_8).length > 72) {
                    tooLong.add(line);
                }
            }
            assertTrue(tooLong.isEmpty(), "manifest lines over 72 bytes: " + tooLong);
            assertTrue(text.startsWith("Manifest-Version: 1.0"), text);
        }
    }
}
