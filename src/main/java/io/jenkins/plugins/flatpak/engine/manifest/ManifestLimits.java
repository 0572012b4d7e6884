package io.jenkins.plugins.flatpak.engine.manifest;

/**
 * Bounds on what reading a manifest may cost, so a hostile source tree (huge files, YAML alias bombs,
 * deep nesting, endless includes) is refused quickly instead of exhausting the JVM.
 *
 * @param maxFileBytes        largest single manifest, module or sources file
 * @param maxTotalBytes       all files of one manifest together
 * @param maxFiles            files read for one manifest, the manifest itself included
 * @param maxNestingDepth     nested lists/objects inside one file
 * @param maxIncludeDepth     includes inside includes
 * @param maxYamlAliases      YAML aliases to lists/objects in one file
 * @param maxNodesPerDocument values in one file once YAML aliases are expanded
 */
public record ManifestLimits(int maxFileBytes, long maxTotalBytes, int maxFiles, int maxNestingDepth,
        int maxIncludeDepth, int maxYamlAliases, int maxNodesPerDocument) {

    /** 2 MiB per file (generated cargo/npm source lists can be large), 8 MiB in all, 256 files. */
    public static ManifestLimits defaults() {
        return new ManifestLimits(2 * 1024 * 1024, 8L * 1024 * 1024, 256, 100, 16, 50, 250_000);
    }

    public ManifestLimits {
        if (maxFileBytes <= 0 || maxTotalBytes <= 0 || maxFiles <= 0 || maxNestingDepth <= 0
                || maxIncludeDepth < 0 || maxYamlAliases < 0 || maxNodesPerDocument <= 0) {
            throw new IllegalArgumentException("manifest limits must be positive");
        }
    }
}
