package io.jenkins.plugins.flatpak.engine.manifest;

import static io.jenkins.plugins.flatpak.engine.manifest.ManifestFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestLocatorTest {
    @TempDir
    Path temp;
    Path root;

    @BeforeEach
    void tree() throws IOException {
        root = Files.createDirectories(temp.resolve("src"));
        // things that are not manifests
        write(root, "package.json", "{\"name\": \"x\", \"version\": \"1\"}");
        write(root, "modules/lib.json", "{\"name\": \"lib\"}");
        write(root, "broken.yml", "id: [unclosed\n");
        write(root, "no-modules.json", "{\"id\": \"org.example.NoModules\"}");
        write(root, "list.yaml", "- id: org.example.List\n  modules: []\n");
        write(root, "a/b/c/org.example.TooDeep.json", manifest("org.example.TooDeep"));
        write(root, ".flatpak-builder/org.example.Hidden.json", manifest("org.example.Hidden"));
        write(root, "node_modules/x/org.example.Npm.json", manifest("org.example.Npm"));
        write(temp, "org.example.Outside.json", manifest("org.example.Outside"));
        Files.createSymbolicLink(root.resolve("outside.json"), temp.resolve("org.example.Outside.json"));
    }

    private static String manifest(String id) {
        return "{\"app-id\": \"" + id + "\", \"modules\": []}";
    }

    private InvalidInputException refused(String appId) {
        return assertThrows(InvalidInputException.class, () -> ManifestLocator.find(root, appId));
    }

    @Test
    void noManifestIsAnErrorNamingTheTree() {
        assertEquals("no flatpak manifest (a .json, .yml or .yaml file with an id and modules) found in '" + root
                + "' or the two directory levels below it", refused(null).getMessage());
    }

    @Test
    void theOnlyManifestIsFoundAtTheTopOrBelow() throws IOException {
        Path top = write(root, "org.example.App.yml", "id: org.example.App\nmodules: []\n");
        assertEquals(top, ManifestLocator.find(root, null));
        assertEquals(top, ManifestLocator.find(root, "org.example.App"));
        Files.delete(top);

        Path nested = write(root, "build-aux/flatpak/org.example.App.json", manifest("org.example.App"));
        assertEquals(nested, ManifestLocator.find(root, null));
    }

    @Test
    void severalManifestsNeedTheAppId() {
        Path app = write(root, "org.example.App.json", manifest("org.example.App"));
        Path devel = write(root, "build-aux/org.example.App.Devel.yaml", "id: org.example.App.Devel\nmodules: []\n");

        assertEquals(app, ManifestLocator.find(root, "org.example.App"));
        assertEquals(devel, ManifestLocator.find(root, "org.example.App.Devel"));
        String found = "build-aux/org.example.App.Devel.yaml (org.example.App.Devel), org.example.App.json (org.example.App)";
        assertEquals("several flatpak manifests found in '" + root + "': " + found
                + "; give the app id or the manifest path to use", refused(null).getMessage());
        assertEquals("no flatpak manifest for app id 'org.example.Other' in '" + root + "'; found: " + found,
                refused("org.example.Other").getMessage());
        assertEquals("invalid app id 'not an id': it needs at least three dot-separated elements",
                refused("not an id").getMessage());
    }

    @Test
    void twoManifestsForTheSameIdAreAmbiguous() {
        write(root, "org.example.App.json", manifest("org.example.App"));
        write(root, "flatpak/org.example.App.yml", "app-id: org.example.App\nmodules: []\n");
        assertEquals("several flatpak manifests build 'org.example.App' in '" + root + "': flatpak/org.example.App.yml"
                + " (org.example.App), org.example.App.json (org.example.App); give the manifest path to use",
                refused("org.example.App").getMessage());
    }

    @Test
    void aGivenManifestPathIsConfinedToTheTree() throws IOException {
        Path app = write(root, "build-aux/org.example.App.json", manifest("org.example.App"));
        assertEquals(app, ManifestLocator.resolve(root, "build-aux/org.example.App.json"));
        assertEquals(app, ManifestLocator.resolve(root, "./build-aux/../build-aux/org.example.App.json"));

        assertEquals("manifest path '/etc/passwd': absolute paths are not allowed; use a path relative to the file",
                resolveRefused("/etc/passwd"));
        assertEquals("manifest path '../org.example.Outside.json': the path leads outside the source tree",
                resolveRefused("../org.example.Outside.json"));
        assertEquals("manifest path 'outside.json': the path leads outside the source tree through a symbolic link",
                resolveRefused("outside.json"));
        assertEquals("manifest path 'missing.json' does not exist in the source tree", resolveRefused("missing.json"));
        assertEquals("manifest path 'build-aux' is not a file", resolveRefused("build-aux"));
        assertEquals("manifest path '': the path is empty", resolveRefused(""));
        assertEquals("manifest path (none): the path is empty", resolveRefused(null));
        assertEquals("manifest path 'a\\x00b': the path contains a NUL character", resolveRefused("a\0b"));
    }

    private String resolveRefused(String path) {
        return assertThrows(InvalidInputException.class, () -> ManifestLocator.resolve(root, path)).getMessage();
    }

    @Test
    void theSourceTreeMustBeADirectory() {
        assertEquals("source tree '" + temp.resolve("nope") + "' is not a directory",
                assertThrows(InvalidInputException.class, () -> ManifestLocator.find(temp.resolve("nope"), null)).getMessage());
    }
}
