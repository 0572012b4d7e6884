package io.jenkins.plugins.flatpak.jenkins.hpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.Extension;
import hudson.model.Descriptor;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.java.sezpoz.Index;
import net.java.sezpoz.IndexItem;
import org.jenkinsci.Symbol;
import org.junit.jupiter.api.Test;

/**
 * The two indexes Jenkins finds our components through: SezPoz's {@code META-INF/annotations/hudson.Extension}
 * and structs' {@code META-INF/services/annotations/org.jenkinsci.Symbol}, read from the plugin jar.
 */
class ExtensionIndexIT {
    private static final String SYMBOL_INDEX = "META-INF/services/annotations/org.jenkinsci.Symbol";

    /** What SezPoz lists, as Jenkins' ExtensionFinder reads it, without instantiating anything. */
    static Set<String> indexedExtensions() {
        Set<String> indexed = new TreeSet<>();
        for (IndexItem<Extension, Object> item : Index.load(Extension.class, Object.class, PluginArchive.loader())) {
            indexed.add(item.className() + (item.memberName() == null ? "" : "#" + item.memberName()));
        }
        return indexed;
    }

    /** Every class, field and method of the plugin annotated with {@code @Extension}. */
    static Set<String> annotatedExtensions() throws IOException {
        Set<String> annotated = new TreeSet<>();
        for (Class<?> c : PluginArchive.classes()) {
            if (c.isAnnotationPresent(Extension.class)) {
                annotated.add(c.getName());
            }
            List<Member> members = new ArrayList<>(List.of(c.getDeclaredFields()));
            members.addAll(List.of(c.getDeclaredMethods()));
            for (Member m : members) {
                boolean ext = m instanceof Field f ? f.isAnnotationPresent(Extension.class) : ((Method) m).isAnnotationPresent(Extension.class);
                if (ext) {
                    annotated.add(c.getName() + "#" + m.getName());
                }
            }
        }
        return annotated;
    }

    @Test
    void theExtensionIndexListsEveryExtension() throws IOException {
        Set<String> indexed = indexedExtensions();
        assertEquals(annotatedExtensions(), indexed);
        assertTrue(indexed.containsAll(List.of(
                "io.jenkins.plugins.flatpak.jenkins.config.FlatpakGlobalConfiguration",
                "io.jenkins.plugins.flatpak.jenkins.config.FlatpakRepositoryConfig$DescriptorImpl",
                "io.jenkins.plugins.flatpak.jenkins.credentials.GpgSigningKeyCredentialsImpl$DescriptorImpl")), indexed.toString());
        System.out.println("Extensions in the index:");
        indexed.forEach(e -> System.out.println("  " + e));
    }

    @Test
    void everyExtensionCanBeInstantiatedByJenkins() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String name : indexedExtensions()) {
            if (name.contains("#")) {
                continue;
            }
            Class<?> c = PluginArchive.load(name);
            int mod = c.getModifiers();
            if (!Modifier.isPublic(mod) || Modifier.isAbstract(mod) || c.isInterface()) {
                problems.add(name + " must be a public concrete class");
            }
            if (c.getEnclosingClass() != null && !Modifier.isStatic(mod)) {
                problems.add(name + " is nested but not static");
            }
            try {
                if (!Modifier.isPublic(c.getDeclaredConstructor().getModifiers())) {
                    problems.add(name + " has no public no-argument constructor");
                }
            } catch (NoSuchMethodException e) {
                problems.add(name + " has no no-argument constructor");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    static List<String> symbolIndex() throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : new String(PluginArchive.read(SYMBOL_INDEX), StandardCharsets.UTF_8).split("\n")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.startsWith("#")) {
                lines.add(l);
            }
        }
        return lines;
    }

    @Test
    void theSymbolIndexListsExactlyTheSymbolClasses() throws IOException {
        List<String> listed = symbolIndex();
        assertEquals(new HashSet<>(listed).size(), listed.size(), "duplicate lines in " + SYMBOL_INDEX + ": " + listed);
        Set<String> annotated = new TreeSet<>();
        for (Class<?> c : PluginArchive.classes()) {
            if (c.getDeclaredAnnotation(Symbol.class) != null) {
                annotated.add(c.getName());
            }
        }
        assertEquals(annotated, new TreeSet<>(listed), SYMBOL_INDEX + " (src/main/resources) must list exactly the @Symbol classes");
        assertTrue(annotated.contains("io.jenkins.plugins.flatpak.jenkins.config.FlatpakGlobalConfiguration"), annotated.toString());
    }

    @Test
    void symbolsAreUniqueNamesOnIndexedDescriptors() throws IOException {
        Set<String> extensions = indexedExtensions();
        Set<String> seen = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (String name : symbolIndex()) {
            Class<?> c = PluginArchive.load(name);
            if (!Descriptor.class.isAssignableFrom(c)) {
                problems.add(name + " carries @Symbol but is not a Descriptor");
            }
            if (!extensions.contains(name)) {
                problems.add(name + " carries @Symbol but is not an @Extension");
            }
            for (String symbol : c.getDeclaredAnnotation(Symbol.class).value()) {
                if (!symbol.matches("[a-z][A-Za-z0-9]*")) {
                    problems.add(name + ": symbol '" + symbol + "' is not a lower camel case identifier");
                }
                if (!seen.add(symbol)) {
                    problems.add("symbol '" + symbol + "' is used twice");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(seen.containsAll(List.of("flatpak", "flatpakGpgKey")), seen.toString());
    }
}
