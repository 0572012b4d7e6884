package io.jenkins.plugins.flatpak.jenkins.hpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.beans.Introspector;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** What is inside the .hpi and the plugin jar: only our classes and resources, and views Jenkins can render. */
class HpiContentsIT {
    static final String JELLY_HEADER = "<?jelly escape-by-default='true'?>";
    private static final List<String> API_PACKAGES = List.of("hudson/", "jenkins/", "org/jenkinsci/", "org/jenkins/",
            "org/kohsuke/", "com/cloudbees/", "org/acegisecurity/", "org/springframework/", "net/sf/json/");

    @Test
    void theHpiHoldsTheManifestAndOnlyThePluginJar() throws IOException {
        Set<String> entries = new TreeSet<>();
        try (JarFile hpi = new JarFile(PluginArchive.hpi().toFile())) {
            hpi.stream().map(ZipEntry::getName).filter(n -> !n.endsWith("/")).forEach(entries::add);
        }
        assertEquals(Set.of("META-INF/MANIFEST.MF", PluginArchive.JAR_ENTRY), entries,
                "every library must come from Jenkins core or a dependency plugin, so the .hpi bundles no other jar");
    }

    @Test
    void thePluginJarHoldsNoStubAndNoThirdPartyClass() throws IOException {
        List<String> foreign = new ArrayList<>();
        for (String entry : PluginArchive.jarEntries()) {
            if (API_PACKAGES.stream().anyMatch(entry::startsWith)) {
                foreign.add(entry + " (a Jenkins API stub)");
            } else if (entry.endsWith(".class") && !entry.startsWith("io/jenkins/plugins/flatpak/")) {
                foreign.add(entry + " (a class of another project)");
            } else if (entry.endsWith(".jar") || entry.startsWith("META-INF/maven/")) {
                foreign.add(entry);
            }
        }
        assertTrue(foreign.isEmpty(), "the plugin jar must contain only the plugin: " + foreign);
        assertTrue(PluginArchive.classNames().size() > 20, "suspiciously few classes: " + PluginArchive.classNames().size());
    }

    @Test
    void theJenkinsLayerIsPackaged() throws IOException {
        List<String> entries = PluginArchive.jarEntries();
        for (String expected : List.of("index.jelly", "META-INF/annotations/hudson.Extension",
                "META-INF/services/annotations/org.jenkinsci.Symbol",
                "io/jenkins/plugins/flatpak/jenkins/config/FlatpakGlobalConfiguration.class",
                "io/jenkins/plugins/flatpak/jenkins/config/FlatpakGlobalConfiguration/config.jelly",
                "io/jenkins/plugins/flatpak/jenkins/credentials/GpgSigningKeyCredentialsImpl/credentials.jelly")) {
            assertTrue(entries.contains(expected), "missing from the plugin jar: " + expected);
        }
    }

    static DocumentBuilder xmlParser() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setExpandEntityReferences(false);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(null);
        return b;
    }

    @Test
    void everyJellyViewIsWellFormedAndEscapesByDefault() throws Exception {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        DocumentBuilder parser = xmlParser();
        for (String entry : PluginArchive.jarEntries()) {
            if (!entry.endsWith(".jelly")) {
                continue;
            }
            checked++;
            byte[] bytes = PluginArchive.read(entry);
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (!text.startsWith(JELLY_HEADER)) {
                problems.add(entry + " does not start with " + JELLY_HEADER);
            }
            try {
                parser.parse(new ByteArrayInputStream(bytes));
            } catch (SAXException e) {
                problems.add(entry + " is not well-formed XML: " + e.getMessage());
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(checked >= 4, "only " + checked + " Jelly files found");
    }

    /** The views of a class: {@code <package>/<Class>/} (nested classes use {@code Outer$Inner}). */
    static String viewDir(Class<?> c) {
        return c.getName().replace('.', '/') + "/";
    }

    /** Bean properties Stapler binds: constructor parameters and setter/field properties. */
    static Set<String> boundProperties(Class<?> c) {
        Set<String> names = new LinkedHashSet<>();
        for (Constructor<?> k : c.getConstructors()) {
            if (k.isAnnotationPresent(DataBoundConstructor.class)) {
                for (Parameter p : k.getParameters()) {
                    names.add(p.getName());
                }
            }
        }
        for (Class<?> t = c; t != null && t != Object.class; t = t.getSuperclass()) {
            for (Method m : t.getDeclaredMethods()) {
                if (m.isAnnotationPresent(DataBoundSetter.class) && m.getName().startsWith("set")) {
                    names.add(Introspector.decapitalize(m.getName().substring(3)));
                }
            }
            for (Field f : t.getDeclaredFields()) {
                if (f.isAnnotationPresent(DataBoundSetter.class)) {
                    names.add(f.getName());
                }
            }
        }
        return names;
    }

    static boolean hasProperty(Class<?> c, String name) {
        String cap = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (String getter : List.of("get" + cap, "is" + cap)) {
            try {
                c.getMethod(getter);
                return true;
            } catch (NoSuchMethodException e) {
                // try the next form
            }
        }
        try {
            return Modifier.isPublic(c.getField(name).getModifiers());
        } catch (NoSuchFieldException e) {
            return false;
        }
    }

    @Test
    void everyFieldAFormBindsIsAPropertyOfItsClass() throws Exception {
        List<String> problems = new ArrayList<>();
        DocumentBuilder parser = xmlParser();
        int forms = 0;
        try (JarFile jar = PluginArchive.openJar()) {
            for (String className : PluginArchive.classNames()) {
                Class<?> c = PluginArchive.load(className);
                for (String view : List.of("config.jelly", "credentials.jelly", "global.jelly")) {
                    ZipEntry entry = jar.getEntry(viewDir(c) + view);
                    if (entry == null) {
                        continue;
                    }
                    forms++;
                    Document doc = parser.parse(jar.getInputStream(entry));
                    NodeList all = doc.getElementsByTagNameNS("*", "*");
                    for (int i = 0; i < all.getLength(); i++) {
                        String field = ((Element) all.item(i)).getAttribute("field");
                        if (!field.isEmpty() && !field.contains("$") && !hasProperty(c, field)) {
                            problems.add(entry.getName() + " binds field '" + field + "', which " + c.getName() + " has no getter for");
                        }
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(forms >= 3, "only " + forms + " forms found");
    }

    @Test
    void everyDataBoundClassHasAForm() throws IOException {
        List<String> missing = new ArrayList<>();
        List<String> entries = PluginArchive.jarEntries();
        for (String className : PluginArchive.classNames()) {
            Class<?> c = PluginArchive.load(className);
            if (boundProperties(c).isEmpty() || Modifier.isAbstract(c.getModifiers())) {
                continue;
            }
            boolean hasForm = entries.contains(viewDir(c) + "config.jelly") || entries.contains(viewDir(c) + "credentials.jelly");
            if (!hasForm) {
                missing.add(c.getName());
            }
        }
        assertTrue(missing.isEmpty(), "data-bound classes without config.jelly: " + missing);
    }

    private static boolean isStep(Class<?> c) {
        for (Class<?> t = c.getSuperclass(); t != null; t = t.getSuperclass()) {
            if (t.getName().equals("org.jenkinsci.plugins.workflow.steps.Step")) {
                return true;
            }
        }
        return false;
    }

    @Test
    void everyStepParameterIsDocumented() throws IOException {
        List<String> entries = PluginArchive.jarEntries();
        List<String> missing = new ArrayList<>();
        List<String> steps = new ArrayList<>();
        for (String className : PluginArchive.classNames()) {
            Class<?> c = PluginArchive.load(className);
            if (!isStep(c) || Modifier.isAbstract(c.getModifiers())) {
                continue;
            }
            steps.add(c.getSimpleName());
            if (!entries.contains(viewDir(c) + "config.jelly")) {
                missing.add(viewDir(c) + "config.jelly");
            }
            for (String property : boundProperties(c)) {
                String help = viewDir(c) + "help-" + property + ".html";
                if (!entries.contains(help)) {
                    missing.add(help);
                }
            }
        }
        if (steps.size() < 3) {
            fail("expected the steps flatpakBuild, flatpakCommit and flatpakPublish; found Step classes " + steps);
        }
        assertTrue(missing.isEmpty(), "undocumented step parameters (the Snippet Generator shows these): " + missing);
    }

    @Test
    void helpFilesAreFragmentsWithoutScripts() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String entry : PluginArchive.jarEntries()) {
            if (entry.matches(".*/help(-[^/]*)?\\.html")) {
                String text = new String(PluginArchive.read(entry), StandardCharsets.UTF_8);
                if (text.isBlank()) {
                    problems.add(entry + " is empty");
                }
                if (text.toLowerCase(java.util.Locale.ROOT).contains("<script")) {
                    problems.add(entry + " contains a script");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertFalse(PluginArchive.jarEntries().stream().noneMatch(e -> e.endsWith("/help-secretKey.html")));
    }
}
