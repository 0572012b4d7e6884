package io.jenkins.plugins.flatpak.engine.manifest;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Loads and checks a flatpak-builder manifest (JSON or YAML) from a source tree: includes resolved inside
 * the tree, every problem reported at once in a {@link ManifestException}, nothing run.
 */
public final class ManifestLoader {
    private ManifestLoader() {}

    /** Loads {@code manifestFile} (absolute, or relative to {@code sourceRoot}) with the default limits. */
    public static Manifest load(Path sourceRoot, Path manifestFile) {
        return load(sourceRoot, manifestFile, null, ManifestLimits.defaults());
    }

    /** Like {@link #load(Path, Path)}; a manifest whose id is not {@code expectedAppId} is refused too. */
    public static Manifest load(Path sourceRoot, Path manifestFile, String expectedAppId) {
        return load(sourceRoot, manifestFile, expectedAppId, ManifestLimits.defaults());
    }

    /**
     * @throws ManifestException     listing every problem of the manifest and the files it includes
     * @throws InvalidInputException when the source tree or the manifest path itself is unacceptable
     */
    public static Manifest load(Path sourceRoot, Path manifestFile, String expectedAppId, ManifestLimits limits) {
        if (expectedAppId != null) {
            Names.appId(expectedAppId);
        }
        SourceTree tree = SourceTree.of(sourceRoot);
        SourceTree.Resolved file = locate(tree, manifestFile);
        String name = tree.display(file.path());
        Problems problems = new Problems();
        ManifestFiles files = new ManifestFiles(tree, limits, problems);
        ManifestFiles.Document doc;
        try {
            doc = files.open(file, false);
        } catch (BadDocumentException e) {
            throw new ManifestException(Names.quote(name), List.of(new Problem(name, "", e.getMessage())),
                    problems.warnings());
        }
        Manifest manifest;
        try {
            manifest = new ManifestValidator(files, problems, limits).check(doc, expectedAppId);
        } finally {
            files.close(doc);
        }
        if (problems.hasErrors() || manifest == null) {
            throw new ManifestException(Names.quote(name), problems.errors(), problems.warnings());
        }
        return manifest;
    }

    /**
     * Validates the manifest without throwing for what is wrong inside it: the verdict, the problems and warnings,
     * and what was read, with the build order on each of {@code arches} (when empty:
     * {@link ManifestReport#DEFAULT_ARCHES} and the arches the manifest names).
     *
     * @throws InvalidInputException when the source tree, the manifest path or the app id asked for is unacceptable
     */
    public static ManifestReport validate(Path sourceRoot, Path manifestFile, String expectedAppId, List<String> arches) {
        for (String arch : arches) {
            Names.arch(arch);
        }
        String name = SourceTree.of(sourceRoot).display(manifestFile.isAbsolute() ? manifestFile
                : sourceRoot.resolve(manifestFile));
        Manifest m;
        try {
            m = load(sourceRoot, manifestFile, expectedAppId, ManifestLimits.defaults());
        } catch (ManifestException e) {
            return ManifestReport.refused(name, e);
        }
        List<String> shown = new ArrayList<>(arches);
        if (shown.isEmpty()) {
            Set<String> all = new LinkedHashSet<>(ManifestReport.DEFAULT_ARCHES);
            all.addAll(m.namedArches());
            shown.addAll(all);
        }
        return ManifestReport.accepted(m, shown);
    }

    private static SourceTree.Resolved locate(SourceTree tree, Path manifestFile) {
        if (manifestFile == null) {
            throw new InvalidInputException("no manifest file given");
        }
        Path path = tree.root().resolve(manifestFile).normalize();
        if (!path.startsWith(tree.root()) || path.equals(tree.root())) {
            throw new InvalidInputException("manifest " + Names.quote(manifestFile.toString())
                    + " is not a file inside the source tree " + Names.quote(tree.root().toString()));
        }
        try {
            return tree.resolve(tree.root(), tree.root().relativize(path).toString());
        } catch (SourceTree.PathRefusedException e) {
            throw new InvalidInputException("manifest " + Names.quote(manifestFile.toString()) + ": " + e.getMessage());
        }
    }
}
