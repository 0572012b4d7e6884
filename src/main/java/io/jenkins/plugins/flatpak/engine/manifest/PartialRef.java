package io.jenkins.plugins.flatpak.engine.manifest;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;

/**
 * A runtime, SDK or base as a manifest names it: an id, or a partial ref such as {@code org.kde.Sdk//6.10},
 * {@code org.kde.Sdk/x86_64/6.10} or {@code runtime/org.kde.Sdk/x86_64/6.10}. flatpak-builder hands the value to
 * flatpak ({@code flatpak info}, {@code flatpak build-init}), which splits it like this
 * (flatpak_split_partial_ref_arg): an optional {@code app/} or {@code runtime/} kind, the id, then an arch and a
 * branch, each of which wins over the default when it is not empty.
 *
 * @param value  as written
 * @param id     the id
 * @param arch   the arch the ref names, or null
 * @param branch the branch the ref names, or null (the default applies: {@code runtime-version}, else master)
 * @param extra  what follows the branch, or null (flatpak ignores it; we refuse it)
 */
record PartialRef(String value, String id, String arch, String branch, String extra) {

    static PartialRef parse(String value) {
        String rest = value;
        if (rest.startsWith("app/")) {
            rest = rest.substring("app/".length());
        } else if (rest.startsWith("runtime/")) {
            rest = rest.substring("runtime/".length());
        }
        String[] parts = rest.split("/", 4);
        return new PartialRef(value, parts[0], element(parts, 1), element(parts, 2),
                parts.length > 3 ? parts[3] : null);
    }

    private static String element(String[] parts, int i) {
        return parts.length > i && !parts[i].isEmpty() ? parts[i] : null;
    }

    /** The branch flatpak uses: the ref's own, else {@code defaultBranch}, else master. */
    String branchOr(String defaultBranch) {
        return branch != null ? branch : defaultBranch != null ? defaultBranch : "master";
    }

    /** Why flatpak would refuse it, or null. */
    String problem() {
        String why = Names.appIdProblem(id);
        if (why != null) {
            return id.equals(value) ? why : "its id " + Names.quote(id) + ": " + why;
        }
        try {
            if (arch != null) {
                Names.arch(arch);
            }
            if (branch != null) {
                Names.branch(branch);
            }
        } catch (InvalidInputException e) {
            return e.getMessage();
        }
        if (extra != null) {
            return "more than id/arch/branch: " + Names.quote(extra) + " follows the branch";
        }
        return null;
    }
}
