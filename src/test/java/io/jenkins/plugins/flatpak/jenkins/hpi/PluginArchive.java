package io.jenkins.plugins.flatpak.jenkins.hpi;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * The built {@code .hpi} (system property {@code flatpak.hpi}) and the plugin jar inside it, with a
 * class loader that loads the plugin's classes from that jar only, over a parent that has the
 * compile-only Jenkins stubs and the libraries dependency plugins provide, but not the plugin.
 */
final class PluginArchive {
    static final String JAR_ENTRY = "WEB-INF/lib/flatpak.jar";
    private static final String PLUGIN_PACKAGE = "io.jenkins.plugins.flatpak.";

    private static Path innerJar;
    private static ClassLoader loader;

    private PluginArchive() {}

    static Path hpi() {
        String property = System.getProperty("flatpak.hpi");
        assertNotNull(property, "system property flatpak.hpi is not set (run through failsafe: mvn verify)");
        Path hpi = Path.of(property);
        assertTrue(Files.isRegularFile(hpi), "no .hpi at " + hpi + " (run mvn package first)");
        return hpi;
    }

    /** The plugin jar, copied out of the .hpi once. */
    static synchronized Path innerJar() {
        if (innerJar == null) {
            try (JarFile hpi = new JarFile(hpi().toFile())) {
                ZipEntry entry = hpi.getEntry(JAR_ENTRY);
                assertNotNull(entry, "the .hpi has no " + JAR_ENTRY);
                Path dir = Files.createTempDirectory("flatpak-hpi-");
                Path jar = dir.resolve("flatpak.jar");
                try (InputStream in = hpi.getInputStream(entry)) {
                    Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
                }
                jar.toFile().deleteOnExit();
                dir.toFile().deleteOnExit();
                innerJar = jar;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return innerJar;
    }

    static JarFile openJar() throws IOException {
        return new JarFile(innerJar().toFile());
    }

    static List<String> jarEntries() throws IOException {
        try (JarFile jar = openJar()) {
            return jar.stream().map(ZipEntry::getName).toList();
        }
    }

    /** Binary names of every class in the plugin jar. */
    static List<String> classNames() throws IOException {
        List<String> names = new ArrayList<>();
        for (String entry : jarEntries()) {
            if (entry.endsWith(".class") && !entry.endsWith("module-info.class")) {
                names.add(entry.substring(0, entry.length() - ".class".length()).replace('/', '.'));
            }
        }
        return names;
    }

    static byte[] read(String entryName) throws IOException {
        try (JarFile jar = openJar()) {
            ZipEntry entry = jar.getEntry(entryName);
            assertNotNull(entry, "the plugin jar has no " + entryName);
            try (InputStream in = jar.getInputStream(entry)) {
                return in.readAllBytes();
            }
        }
    }

    static byte[] classBytes(String binaryName) throws IOException {
        return read(binaryName.replace('.', '/') + ".class");
    }

    static synchronized ClassLoader loader() {
        if (loader == null) {
            try {
                loader = new URLClassLoader(new URL[] {innerJar().toUri().toURL()},
                        new WithoutPlugin(PluginArchive.class.getClassLoader()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return loader;
    }

    static Class<?> load(String binaryName) {
        try {
            Class<?> c = Class.forName(binaryName, false, loader());
            assertTrue(c.getClassLoader() == loader(), binaryName + " was not loaded from the plugin jar");
            return c;
        } catch (ClassNotFoundException | LinkageError e) {
            throw new AssertionError("cannot load " + binaryName + " from the plugin jar: " + e, e);
        }
    }

    static List<Class<?>> classes() throws IOException {
        List<Class<?>> classes = new ArrayList<>();
        for (String name : classNames()) {
            classes.add(load(name));
        }
        return classes;
    }

    /**
     * The test class path minus the plugin: its classes and the resources the plugin jar must carry
     * itself (indexes, views), so that nothing in the jar can be satisfied from target/classes.
     */
    private static final class WithoutPlugin extends ClassLoader {
        WithoutPlugin(ClassLoader parent) {
            super(parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith(PLUGIN_PACKAGE)) {
                throw new ClassNotFoundException(name);
            }
            return super.loadClass(name, resolve);
        }

        private static boolean hidden(String resource) {
            return resource.startsWith("io/jenkins/plugins/flatpak/") || resource.startsWith("META-INF/annotations/")
                    || resource.startsWith("META-INF/services/annotations/") || resource.equals("index.jelly");
        }

        @Override
        public URL getResource(String name) {
            return hidden(name) ? null : super.getResource(name);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return hidden(name) ? Collections.emptyEnumeration() : super.getResources(name);
        }
    }
}
