package io.jenkins.plugins.flatpak.engine.manifest;

import static io.jenkins.plugins.flatpak.engine.manifest.FieldType.ARCH_OPTIONS;
import static io.jenkins.plugins.flatpak.engine.manifest.FieldType.BOOLEAN;
import static io.jenkins.plugins.flatpak.engine.manifest.FieldType.ENV;
import static io.jenkins.plugins.flatpak.engine.manifest.FieldType.EXTENSIONS;
import static io.jenkins.plugins.flatpak.engine.manifest.FieldType.INTEGER;
import static io.jenkins.plugins.flatpak.engine.manifest.FieldType.MODULES;
import static io.jenkins.plugins.flatpak.engine.manifest.FieldType.OPTIONS;
import static io.jenkins.plugins.flatpak.engine.manifest.FieldType.SOURCES;
import static io.jenkins.plugins.flatpak.engine.manifest.FieldType.STRING;
import static io.jenkins.plugins.flatpak.engine.manifest.FieldType.STRINGS;
import static java.util.Map.entry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The properties flatpak-builder knows, with their types, from flatpak-manifest(5) and the GObject
 * properties of builder-manifest.c, builder-module.c, builder-options.c, builder-extension.c and
 * builder-source-*.c (1.2.3, plus the few later additions so newer manifests do not warn).
 */
final class ManifestFields {
    private ManifestFields() {}

    static final Map<String, FieldType> MANIFEST = Map.ofEntries(
            entry("id", STRING), entry("app-id", STRING), entry("id-platform", STRING),
            entry("branch", STRING), entry("default-branch", STRING), entry("collection-id", STRING),
            entry("extension-tag", STRING), entry("token-type", INTEGER),
            entry("runtime", STRING), entry("runtime-version", STRING), entry("runtime-commit", STRING),
            entry("sdk", STRING), entry("sdk-commit", STRING),
            entry("base", STRING), entry("base-commit", STRING), entry("base-version", STRING),
            entry("base-extensions", STRINGS), entry("var", STRING),
            entry("metadata", STRING), entry("metadata-platform", STRING), entry("command", STRING),
            entry("build-runtime", BOOLEAN), entry("build-extension", BOOLEAN),
            entry("separate-locales", BOOLEAN), entry("writable-sdk", BOOLEAN), entry("appstream-compose", BOOLEAN),
            entry("sdk-extensions", STRINGS), entry("platform-extensions", STRINGS),
            entry("inherit-extensions", STRINGS), entry("inherit-sdk-extensions", STRINGS), entry("tags", STRINGS),
            entry("build-options", OPTIONS), entry("modules", MODULES),
            entry("add-extensions", EXTENSIONS), entry("add-build-extensions", EXTENSIONS),
            entry("cleanup", STRINGS), entry("cleanup-commands", STRINGS), entry("cleanup-platform", STRINGS),
            entry("cleanup-platform-commands", STRINGS), entry("prepare-platform-commands", STRINGS),
            entry("finish-args", STRINGS), entry("rename-desktop-file", STRING),
            entry("rename-appdata-file", STRING), entry("rename-mime-file", STRING), entry("rename-icon", STRING),
            entry("rename-mime-icons", STRINGS), entry("appdata-license", STRING), entry("copy-icon", BOOLEAN),
            entry("desktop-file-name-prefix", STRING), entry("desktop-file-name-suffix", STRING),
            entry("source-date-epoch", INTEGER));

    static final Map<String, FieldType> MODULE = Map.ofEntries(
            entry("name", STRING), entry("subdir", STRING), entry("disabled", BOOLEAN),
            entry("post-install", STRINGS), entry("config-opts", STRINGS), entry("secret-opts", STRINGS),
            entry("secret-env", STRINGS), entry("make-args", STRINGS), entry("make-install-args", STRINGS),
            entry("install-rule", STRING), entry("test-rule", STRING), entry("buildsystem", STRING),
            entry("ensure-writable", STRINGS), entry("only-arches", STRINGS), entry("skip-arches", STRINGS),
            entry("rm-configure", BOOLEAN), entry("no-autogen", BOOLEAN), entry("no-parallel-make", BOOLEAN),
            entry("no-make-install", BOOLEAN), entry("no-python-timestamp-fix", BOOLEAN), entry("cmake", BOOLEAN),
            entry("builddir", BOOLEAN), entry("run-tests", BOOLEAN), entry("build-options", OPTIONS),
            entry("cleanup", STRINGS), entry("cleanup-platform", STRINGS), entry("sources", SOURCES),
            entry("modules", MODULES), entry("build-commands", STRINGS), entry("test-commands", STRINGS),
            entry("license-files", STRINGS));

    static final Map<String, FieldType> OPTIONS_FIELDS = Map.ofEntries(
            entry("cflags", STRING), entry("cflags-override", BOOLEAN), entry("cppflags", STRING),
            entry("cppflags-override", BOOLEAN), entry("cxxflags", STRING), entry("cxxflags-override", BOOLEAN),
            entry("ldflags", STRING), entry("ldflags-override", BOOLEAN), entry("prefix", STRING),
            entry("libdir", STRING), entry("append-path", STRING), entry("prepend-path", STRING),
            entry("append-ld-library-path", STRING), entry("prepend-ld-library-path", STRING),
            entry("append-pkg-config-path", STRING), entry("prepend-pkg-config-path", STRING),
            entry("env", ENV), entry("secret-env", STRINGS), entry("build-args", STRINGS),
            entry("test-args", STRINGS), entry("config-opts", STRINGS), entry("secret-opts", STRINGS),
            entry("make-args", STRINGS), entry("make-install-args", STRINGS), entry("strip", BOOLEAN),
            entry("no-debuginfo", BOOLEAN), entry("no-debuginfo-compression", BOOLEAN),
            entry("arch", ARCH_OPTIONS));

    static final Map<String, FieldType> EXTENSION = Map.ofEntries(
            entry("directory", STRING), entry("bundle", BOOLEAN), entry("remove-after-build", BOOLEAN),
            entry("autodelete", BOOLEAN), entry("no-autodownload", BOOLEAN), entry("locale-subset", BOOLEAN),
            entry("subdirectories", BOOLEAN), entry("add-ld-path", STRING), entry("download-if", STRING),
            entry("enable-if", STRING), entry("autoprune-unless", STRING), entry("merge-dirs", STRING),
            entry("subdirectory-suffix", STRING), entry("version", STRING), entry("versions", STRING));

    private static final Map<String, FieldType> SOURCE_COMMON = Map.ofEntries(
            entry("type", STRING), entry("only-arches", STRINGS), entry("skip-arches", STRINGS),
            entry("dest", STRING));

    private static final Map<String, FieldType> CHECKSUMS = Map.ofEntries(
            entry("md5", STRING), entry("sha1", STRING), entry("sha256", STRING), entry("sha512", STRING));

    /** Source type to its own properties (the common ones added). */
    static final Map<String, Map<String, FieldType>> SOURCE_TYPES = Map.ofEntries(
            entry("archive", source(CHECKSUMS, entry("path", STRING), entry("url", STRING),
                    entry("mirror-urls", STRINGS), entry("git-init", BOOLEAN), entry("archive-type", STRING),
                    entry("strip-components", INTEGER), entry("dest-filename", STRING))),
            entry("git", source(Map.of(), entry("path", STRING), entry("url", STRING), entry("branch", STRING),
                    entry("tag", STRING), entry("commit", STRING), entry("disable-fsckobjects", BOOLEAN),
                    entry("disable-shallow-clone", BOOLEAN), entry("disable-submodules", BOOLEAN))),
            entry("bzr", source(Map.of(), entry("url", STRING), entry("revision", STRING))),
            entry("svn", source(Map.of(), entry("url", STRING), entry("revision", STRING))),
            entry("dir", source(Map.of(), entry("path", STRING), entry("skip", STRINGS))),
            entry("file", source(CHECKSUMS, entry("path", STRING), entry("url", STRING),
                    entry("mirror-urls", STRINGS), entry("dest-filename", STRING))),
            entry("script", source(Map.of(), entry("commands", STRINGS), entry("dest-filename", STRING))),
            entry("inline", source(Map.of(), entry("dest-filename", STRING), entry("contents", STRING),
                    entry("base64", BOOLEAN))),
            entry("shell", source(Map.of(), entry("commands", STRINGS))),
            entry("patch", source(Map.of(), entry("path", STRING), entry("paths", STRINGS),
                    entry("strip-components", INTEGER), entry("use-git", BOOLEAN), entry("use-git-am", BOOLEAN),
                    entry("options", STRINGS))),
            entry("extra-data", source(Map.of(), entry("filename", STRING), entry("url", STRING),
                    entry("sha256", STRING), entry("size", INTEGER), entry("installed-size", INTEGER))));

    /** Module build systems flatpak-builder 1.2.3 can run. */
    static final List<String> BUILDSYSTEMS = List.of("autotools", "cmake", "cmake-ninja", "meson", "simple", "qmake");

    /** Archive types of flatpak-manifest(5). */
    static final List<String> ARCHIVE_TYPES = List.of("rpm", "tar", "tar-gzip", "tar-compress", "tar-bzip2",
            "tar-lzip", "tar-lzma", "tar-lzop", "tar-xz", "tar-zst", "zip", "7z");

    /** Source types with a local {@code path} that flatpak-builder reads from the build machine. */
    static final List<String> LOCAL_PATH_TYPES = List.of("archive", "git", "dir", "file", "patch");

    /** Keys flatpak-builder skips without a warning; {@code x-} keys are kept as extension data. */
    static boolean ignoredKey(String key) {
        return key.startsWith("x-") || key.startsWith("__") || key.startsWith("//") || key.equals("$schema");
    }

    @SafeVarargs
    private static Map<String, FieldType> source(Map<String, FieldType> extra, Map.Entry<String, FieldType>... own) {
        Map<String, FieldType> all = new HashMap<>(SOURCE_COMMON);
        all.putAll(extra);
        for (Map.Entry<String, FieldType> e : own) {
            all.put(e.getKey(), e.getValue());
        }
        return Map.copyOf(all);
    }
}
