package io.jenkins.plugins.flatpak.engine.transfer;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;
import java.util.regex.Pattern;

/**
 * Names of loose objects in an archive-mode OSTree repository: {@code <sha256>.<type>}, stored at
 * {@code objects/<first two hex digits>/<the rest>.<type>}. Names arrive from the building machine, so every
 * one is checked before it becomes part of a path.
 */
public final class ObjectNames {
    /** The object types an exported build consists of in an archive repository. */
    private static final Pattern NAME = Pattern.compile("[0-9a-f]{64}\\.(commit|commitmeta|dirtree|dirmeta|filez)");

    private ObjectNames() {}

    public static boolean valid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    public static String check(String name) {
        if (!valid(name)) {
            throw new InvalidInputException("invalid OSTree object name " + Names.quote(name)
                    + ": expected 64 hex digits and .commit, .commitmeta, .dirtree, .dirmeta or .filez");
        }
        return name;
    }

    /** {@code objects/ab/cdef….type}, relative to the repository. */
    public static String relativePath(String name) {
        check(name);
        return "objects/" + name.substring(0, 2) + "/" + name.substring(2);
    }

    /** The object name of {@code objects/<dir>/<file>}, or null when that is not an object file. */
    static String fromPath(String dir, String file) {
        String name = dir + file;
        return dir.length() == 2 && valid(name) ? name : null;
    }

    /** The name of a commit object. */
    public static String commit(String checksum) {
        return Names.checksum(checksum) + ".commit";
    }
}
