package io.jenkins.plugins.flatpak.engine.manifest;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A flatpak-builder manifest that passed every check, read as flatpak-builder reads it (includes resolved,
 * values of the wrong type left out). Immutable.
 *
 * @param sourceRoot         the source tree it was loaded from
 * @param file               the manifest file (inside {@code sourceRoot})
 * @param name               the manifest file relative to {@code sourceRoot}
 * @param appId              {@code id} (or {@code app-id}; of the two, the one written last)
 * @param kind               application, runtime or extension
 * @param branch             {@code branch}, which beats {@code --default-branch}; null when unset
 * @param defaultBranch      {@code default-branch}; null when unset
 * @param runtime            the runtime id ({@code runtime} without a {@code //branch} suffix)
 * @param runtimeVersion     {@code runtime-version} as written; null when unset
 * @param runtimeBranch      the runtime branch flatpak uses: the one in {@code runtime}, else {@code runtime-version},
 *                           else master
 * @param sdk                the SDK id ({@code sdk} without a {@code //branch} suffix)
 * @param sdkBranch          the SDK branch flatpak uses: the one in {@code sdk}, else {@code runtime-version},
 *                           else master
 * @param command            the command (null when unset: runtimes, extensions, base apps)
 * @param base               {@code base} application, or null
 * @param collectionId       {@code collection-id}, or null
 * @param sdkExtensions      {@code sdk-extensions}
 * @param finishArgs         {@code finish-args}
 * @param addExtensions      names of the {@code add-extensions} extension points
 * @param separateLocales    whether a {@code .Locale} extension is split out (default true)
 * @param usesBuildArgs      some {@code build-options} has {@code build-args} (refused by {@code --sandbox})
 * @param modules            the top-level modules, nested ones inside them, includes resolved
 * @param moduleNames        every module in build order on any arch (see {@link ManifestModule#buildOrder})
 * @param includedFiles      module and sources files it includes, relative to {@code sourceRoot}
 * @param warnings           what flatpak-builder warns about and ignores (unknown properties, wrong types, ...)
 */
public record Manifest(Path sourceRoot, Path file, String name, String appId, Kind kind, String branch,
        String defaultBranch, String runtime, String runtimeVersion, String runtimeBranch, String sdk,
        String sdkBranch, String command, String base, String collectionId, List<String> sdkExtensions,
        List<String> finishArgs, List<String> addExtensions, boolean separateLocales, boolean usesBuildArgs,
        List<ManifestModule> modules, List<String> moduleNames, List<String> includedFiles, List<Problem> warnings) {

    /** What the manifest builds. */
    public enum Kind {
        APP("app"),
        RUNTIME("runtime"),
        EXTENSION("runtime");

        /** The first part of the ref: extensions are runtimes to flatpak. */
        public final String refKind;

        Kind(String refKind) {
            this.refKind = refKind;
        }
    }

    public Manifest {
        sdkExtensions = List.copyOf(sdkExtensions);
        finishArgs = List.copyOf(finishArgs);
        addExtensions = List.copyOf(addExtensions);
        modules = List.copyOf(modules);
        moduleNames = List.copyOf(moduleNames);
        includedFiles = List.copyOf(includedFiles);
        warnings = List.copyOf(warnings);
    }

    /**
     * The branch flatpak-builder exports to: {@code branch}, else the {@code --default-branch} given
     * (may be null), else {@code default-branch}, else {@code master}.
     */
    public String branchFor(String defaultBranchOption) {
        if (branch != null) {
            return branch;
        }
        if (defaultBranchOption != null) {
            return Names.branch(defaultBranchOption);
        }
        return defaultBranch != null ? defaultBranch : "master";
    }

    /** The ref the build exports, such as {@code app/org.example.App/x86_64/stable}. */
    public String ref(String arch, String defaultBranchOption) {
        return Names.ref(kind.refKind + "/" + appId + "/" + Names.arch(arch) + "/" + branchFor(defaultBranchOption));
    }

    /** The modules built on {@code arch}, in build order. */
    public List<String> moduleNames(String arch) {
        return ManifestModule.buildOrder(modules, arch);
    }

    /** The arches the modules name in {@code only-arches} and {@code skip-arches}, sorted. */
    public SortedSet<String> namedArches() {
        SortedSet<String> arches = new TreeSet<>();
        ManifestModule.namedArches(modules, arches);
        return arches;
    }

    /** Refuses the manifest when it does not build {@code expectedAppId} (no check when that is null). */
    public Manifest requireAppId(String expectedAppId) {
        if (expectedAppId != null && !expectedAppId.equals(appId)) {
            throw new InvalidInputException("manifest " + Names.quote(name) + " builds " + Names.quote(appId)
                    + ", not the requested " + Names.quote(expectedAppId));
        }
        return this;
    }
}
