package io.jenkins.plugins.flatpak.engine.manifest;

import static io.jenkins.plugins.flatpak.engine.manifest.PropertyType.ARCH_OPTIONS;
import static io.jenkins.plugins.flatpak.engine.manifest.PropertyType.BOOLEAN;
import static io.jenkins.plugins.flatpak.engine.manifest.PropertyType.ENV;
import static io.jenkins.plugins.flatpak.engine.manifest.PropertyType.EXTENSIONS;
import static io.jenkins.plugins.flatpak.engine.manifest.PropertyType.INT;
import static io.jenkins.plugins.flatpak.engine.manifest.PropertyType.INT64;
import static io.jenkins.plugins.flatpak.engine.manifest.PropertyType.MODULES;
import static io.jenkins.plugins.flatpak.engine.manifest.PropertyType.OPTIONS;
import static io.jenkins.plugins.flatpak.engine.manifest.PropertyType.SOURCES;
import static io.jenkins.plugins.flatpak.engine.manifest.PropertyType.STRING;
import static io.jenkins.plugins.flatpak.engine.manifest.PropertyType.STRINGS;
import static io.jenkins.plugins.flatpak.engine.manifest.PropertyType.UINT;
import static io.jenkins.plugins.flatpak.engine.manifest.PropertyType.UINT64;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every property flatpak-builder reads, with its type, per object kind: the GObject properties of
 * builder-manifest.c, builder-module.c, builder-options.c, builder-extension.c and builder-source-*.c as
 * flatpak-builder 1.2.3 declares them (each checked against the installed binary by ManifestParityTest), and the
 * few the newest release adds, which 1.2.3 warns about and ignores. docs/manifests.md is this table in prose.
 */
final class ManifestProperties {
    private ManifestProperties() {}

    /** Properties flatpak-builder 1.2.3 does not know (it warns "Unknown property" and ignores them). */
    static final Set<String> NEWER_THAN_1_2_3 = Set.of("rename-mime-file", "rename-mime-icons", "source-date-epoch");

    /**
     * One kind of object in a manifest.
     *
     * @param what         how messages name it ("module", "'git' source")
     * @param gobjectType  the builder class, as flatpak-builder's warnings name it
     * @param warnsUnknown whether flatpak-builder warns about a property it does not know (extensions do not)
     * @param properties   property name to type, in the order of the documentation
     */
    record Scope(String what, String gobjectType, boolean warnsUnknown, Map<String, PropertyType> properties) {
        PropertyType type(String property) {
            return properties.get(property);
        }
    }

    static final Scope MANIFEST = scope("manifest", "BuilderManifest", true,
            "id", STRING, "app-id", STRING, "branch", STRING, "default-branch", STRING, "collection-id", STRING,
            "extension-tag", STRING, "token-type", INT, "runtime", STRING, "runtime-version", STRING,
            "runtime-commit", STRING, "sdk", STRING, "sdk-commit", STRING, "var", STRING, "metadata", STRING,
            "command", STRING, "build-runtime", BOOLEAN, "build-extension", BOOLEAN, "separate-locales", BOOLEAN,
            "id-platform", STRING, "metadata-platform", STRING, "writable-sdk", BOOLEAN, "appstream-compose", BOOLEAN,
            "sdk-extensions", STRINGS, "platform-extensions", STRINGS, "base", STRING, "base-version", STRING,
            "base-commit", STRING, "base-extensions", STRINGS, "inherit-extensions", STRINGS,
            "inherit-sdk-extensions", STRINGS, "tags", STRINGS, "build-options", OPTIONS, "modules", MODULES,
            "add-extensions", EXTENSIONS, "add-build-extensions", EXTENSIONS, "cleanup", STRINGS,
            "cleanup-commands", STRINGS, "cleanup-platform", STRINGS, "cleanup-platform-commands", STRINGS,
            "prepare-platform-commands", STRINGS, "finish-args", STRINGS, "rename-desktop-file", STRING,
            "rename-appdata-file", STRING, "rename-mime-file", STRING, "rename-icon", STRING,
            "rename-mime-icons", STRINGS, "appdata-license", STRING, "copy-icon", BOOLEAN,
            "desktop-file-name-prefix", STRING, "desktop-file-name-suffix", STRING, "source-date-epoch", INT64);

    static final Scope MODULE = scope("module", "BuilderModule", true,
            "name", STRING, "disabled", BOOLEAN, "sources", SOURCES, "config-opts", STRINGS, "secret-opts", STRINGS,
            "secret-env", STRINGS, "make-args", STRINGS, "make-install-args", STRINGS, "rm-configure", BOOLEAN,
            "no-autogen", BOOLEAN, "no-parallel-make", BOOLEAN, "install-rule", STRING, "no-make-install", BOOLEAN,
            "no-python-timestamp-fix", BOOLEAN, "cmake", BOOLEAN, "buildsystem", STRING, "builddir", BOOLEAN,
            "subdir", STRING, "build-options", OPTIONS, "build-commands", STRINGS, "post-install", STRINGS,
            "cleanup", STRINGS, "ensure-writable", STRINGS, "only-arches", STRINGS, "skip-arches", STRINGS,
            "cleanup-platform", STRINGS, "run-tests", BOOLEAN, "test-rule", STRING, "test-commands", STRINGS,
            "modules", MODULES);

    static final Scope OPTIONS_SCOPE = scope("build-options", "BuilderOptions", true,
            "cflags", STRING, "cflags-override", BOOLEAN, "cppflags", STRING, "cppflags-override", BOOLEAN,
            "cxxflags", STRING, "cxxflags-override", BOOLEAN, "ldflags", STRING, "ldflags-override", BOOLEAN,
            "prefix", STRING, "libdir", STRING, "append-path", STRING, "prepend-path", STRING,
            "append-ld-library-path", STRING, "prepend-ld-library-path", STRING, "append-pkg-config-path", STRING,
            "prepend-pkg-config-path", STRING, "env", ENV, "secret-env", STRINGS, "build-args", STRINGS,
            "test-args", STRINGS, "config-opts", STRINGS, "secret-opts", STRINGS, "make-args", STRINGS,
            "make-install-args", STRINGS, "strip", BOOLEAN, "no-debuginfo", BOOLEAN,
            "no-debuginfo-compression", BOOLEAN, "arch", ARCH_OPTIONS);

    static final Scope EXTENSION = scope("extension", "BuilderExtension", false,
            "directory", STRING, "bundle", BOOLEAN, "remove-after-build", BOOLEAN, "autodelete", BOOLEAN,
            "no-autodownload", BOOLEAN, "subdirectories", BOOLEAN, "add-ld-path", STRING, "download-if", STRING,
            "enable-if", STRING, "merge-dirs", STRING, "subdirectory-suffix", STRING, "locale-subset", BOOLEAN,
            "version", STRING, "versions", STRING);

    private static final Object[] COMMON = {"only-arches", STRINGS, "skip-arches", STRINGS, "dest", STRING};
    private static final Object[] CHECKSUMS = {"md5", STRING, "sha1", STRING, "sha256", STRING, "sha512", STRING};

    /** Source type to its scope (the properties every source has included). */
    static final Map<String, Scope> SOURCES_BY_TYPE = sources(
            source("archive", "BuilderSourceArchive", "path", STRING, "url", STRING, "mirror-urls", STRINGS,
                    "git-init", BOOLEAN, "archive-type", STRING, CHECKSUMS, "strip-components", UINT,
                    "dest-filename", STRING),
            source("git", "BuilderSourceGit", "path", STRING, "url", STRING, "branch", STRING, "tag", STRING,
                    "commit", STRING, "disable-fsckobjects", BOOLEAN, "disable-shallow-clone", BOOLEAN,
                    "disable-submodules", BOOLEAN),
            source("bzr", "BuilderSourceBzr", "url", STRING, "revision", STRING),
            source("svn", "BuilderSourceSvn", "url", STRING, "revision", STRING),
            source("dir", "BuilderSourceDir", "path", STRING, "skip", STRINGS),
            source("file", "BuilderSourceFile", "path", STRING, "url", STRING, "mirror-urls", STRINGS, CHECKSUMS,
                    "dest-filename", STRING),
            source("script", "BuilderSourceScript", "commands", STRINGS, "dest-filename", STRING),
            source("inline", "BuilderSourceInline", "dest-filename", STRING, "contents", STRING, "base64", BOOLEAN),
            source("shell", "BuilderSourceShell", "commands", STRINGS),
            source("patch", "BuilderSourcePatch", "path", STRING, "paths", STRINGS, "strip-components", UINT,
                    "use-git", BOOLEAN, "use-git-am", BOOLEAN, "options", STRINGS),
            source("extra-data", "BuilderSourceExtraData", "filename", STRING, "url", STRING, "sha256", STRING,
                    "size", UINT64, "installed-size", UINT64));

    /** Build systems flatpak-builder runs (builder-module.c); any other is refused when the module is built. */
    static final List<String> BUILDSYSTEMS = List.of("autotools", "cmake", "cmake-ninja", "meson", "simple", "qmake");

    /** Archive types of flatpak-manifest(5). */
    static final List<String> ARCHIVE_TYPES = List.of("rpm", "tar", "tar-gzip", "tar-compress", "tar-bzip2",
            "tar-lzip", "tar-lzma", "tar-lzop", "tar-xz", "tar-zst", "zip", "7z");

    /** Every scope, for the documentation and the parity test. */
    static List<Scope> all() {
        List<Scope> all = new ArrayList<>(List.of(MANIFEST, MODULE, OPTIONS_SCOPE, EXTENSION));
        all.addAll(SOURCES_BY_TYPE.values());
        return all;
    }

    /**
     * Keys flatpak-builder skips without a word: {@code //} and {@code __} comments. {@code x-} keys it keeps
     * as they are (flatpak-external-data-checker data and the like).
     */
    static boolean commentKey(String key) {
        return key.startsWith("__") || key.startsWith("//");
    }

    static boolean extensionKey(String key) {
        return key.startsWith("x-");
    }

    private static Scope scope(String what, String gobjectType, boolean warnsUnknown, Object... nameTypePairs) {
        Map<String, PropertyType> properties = new LinkedHashMap<>();
        add(properties, nameTypePairs);
        return new Scope(what, gobjectType, warnsUnknown, Collections.unmodifiableMap(properties));
    }

    private static void add(Map<String, PropertyType> properties, Object[] nameTypePairs) {
        for (int i = 0; i < nameTypePairs.length; i++) {
            if (nameTypePairs[i] instanceof Object[] group) {
                add(properties, group);
            } else {
                properties.put((String) nameTypePairs[i], (PropertyType) nameTypePairs[++i]);
            }
        }
    }

    private static Scope source(String type, String gobjectType, Object... own) {
        Map<String, PropertyType> properties = new LinkedHashMap<>();
        properties.put("type", STRING);
        add(properties, own);
        add(properties, COMMON);
        return new Scope("'" + type + "' source", gobjectType, true, Collections.unmodifiableMap(properties));
    }

    private static Map<String, Scope> sources(Scope... scopes) {
        Map<String, Scope> byType = new LinkedHashMap<>();
        for (Scope s : scopes) {
            byType.put(s.what().substring(1, s.what().indexOf('\'', 1)), s);
        }
        return Collections.unmodifiableMap(byType);
    }
}
