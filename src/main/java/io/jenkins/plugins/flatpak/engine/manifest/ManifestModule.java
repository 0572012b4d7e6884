package io.jenkins.plugins.flatpak.engine.manifest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One module of a manifest with the modules nested in it.
 *
 * @param name        its name
 * @param file        the file it is written in, relative to the source tree
 * @param field       where in that file ({@code modules[2]}; empty when the file is the module)
 * @param buildsystem as written, or null (flatpak-builder then uses autotools)
 * @param disabled    {@code disabled: true}: flatpak-builder skips it and everything nested in it
 * @param onlyArches  built only on these arches (empty: all)
 * @param skipArches  not built on these arches
 * @param sources     its sources, includes resolved
 * @param modules     modules nested in it, built before it
 */
public record ManifestModule(String name, String file, String field, String buildsystem, boolean disabled,
        List<String> onlyArches, List<String> skipArches, List<ManifestSource> sources, List<ManifestModule> modules) {

    public ManifestModule {
        onlyArches = List.copyOf(onlyArches);
        skipArches = List.copyOf(skipArches);
        sources = List.copyOf(sources);
        modules = List.copyOf(modules);
    }

    /** Whether flatpak-builder builds it on {@code arch} (null: on any arch, only {@code disabled} counts). */
    public boolean enabledFor(String arch) {
        if (disabled) {
            return false;
        }
        if (arch == null) {
            return true;
        }
        return (onlyArches.isEmpty() || onlyArches.contains(arch)) && !skipArches.contains(arch);
    }

    /**
     * The module names in the order flatpak-builder builds them (builder-manifest.c, expand_modules): nested
     * modules first, disabled ones and their children skipped, a repeated name made unique as
     * {@code name-2}, {@code name-3}, … These are the names of its build directories and of {@code --stop-at}.
     */
    public static List<String> buildOrder(List<ManifestModule> modules, String arch) {
        List<String> out = new ArrayList<>();
        expand(modules, arch, out, new HashSet<>());
        return List.copyOf(out);
    }

    /** Adds the arches named in {@code only-arches} and {@code skip-arches} of the modules and those nested in them. */
    static void namedArches(List<ManifestModule> modules, Set<String> out) {
        for (ManifestModule m : modules) {
            out.addAll(m.onlyArches());
            out.addAll(m.skipArches());
            namedArches(m.modules(), out);
        }
    }

    private static void expand(List<ManifestModule> modules, String arch, List<String> out, Set<String> names) {
        for (ManifestModule m : modules) {
            if (!m.enabledFor(arch)) {
                continue;
            }
            expand(m.modules(), arch, out, names);
            if (m.name() == null) {
                continue;
            }
            String name = m.name();
            for (int n = 2; names.contains(name); n++) {
                name = m.name() + "-" + n;
            }
            names.add(name);
            out.add(name);
        }
    }
}
