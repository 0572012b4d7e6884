package io.jenkins.plugins.flatpak.engine.manifest;

/**
 * Bounds on what reading a manifest may cost, so a hostile source tree (huge files, YAML alias bombs,
 * deep nesting, endless includes) is refused quickly instead of exhausting the JVM. YAML aliases themselves are
 * not counted (generated source lists use hundreds); what they expand to is: every value and every byte of text
 * a manifest's documents hold once aliases are expanded counts against one budget for the whole manifest.
 *
 * @param maxFileBytes      largest single manifest, module or sources file
 * @param maxTotalBytes     all files of one manifest together
 * @param maxFiles          files read for one manifest, the manifest itself included
 * @param maxNestingDepth   nested lists/objects inside one file, and modules inside modules
 * @param maxIncludeDepth   includes inside includes
 * @param maxExpandedNodes  values (scalars, lists, objects) in all documents of one manifest, aliases expanded
 * @param maxExpandedBytes  characters of keys and scalars in all documents of one manifest, aliases expanded
 */
public record ManifestLimits(int maxFileBytes, long maxTotalBytes, int maxFiles, int maxNestingDepth,
        int maxIncludeDepth, long maxExpandedNodes, long maxExpandedBytes) {

    /**
     * 2 MiB per file (generated cargo/npm source lists can be large), 8 MiB in all, 256 files; once expanded,
     * a million values and 32 MiB of text (a 2 MiB generated list holds well under a tenth of either).
     */
    public static ManifestLimits defaults() {
        return new ManifestLimits(2 * 1024 * 1024, 8L * 1024 * 1024, 256, 100, 16, 1_000_000, 32L * 1024 * 1024);
    }

    public ManifestLimits {
        if (maxFileBytes <= 0 || maxTotalBytes <= 0 || maxFiles <= 0 || maxNestingDepth <= 0
                || maxIncludeDepth < 0 || maxExpandedNodes <= 0 || maxExpandedBytes <= 0) {
            throw new IllegalArgumentException("manifest limits must be positive");
        }
    }
}
