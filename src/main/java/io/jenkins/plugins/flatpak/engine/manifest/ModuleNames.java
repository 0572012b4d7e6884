package io.jenkins.plugins.flatpak.engine.manifest;

/**
 * What a module name may be. flatpak-builder takes any string and says of names with a space or a '/' that they
 * are problematic ("Expect errors"): the name becomes a directory of the state dir ({@code build/NAME-N}) and a
 * command-line argument. We take every name that can be such a directory and cannot be read as anything else:
 * no '/', no '.' or '..', no control characters, and none of the characters a shell or a glob would interpret.
 * Spaces are allowed, with flatpak-builder's warning.
 */
final class ModuleNames {
    private static final String REFUSED = "/\\;&|$`'\"<>(){}[]*?";

    private ModuleNames() {}

    /** Why {@code name} is refused, or null. */
    static String problem(String name) {
        if (name.isEmpty()) {
            return "it is empty";
        }
        if (name.length() > 255) {
            return "it is longer than 255 characters";
        }
        if (name.equals(".") || name.equals("..")) {
            return "it would name the directory above the module's build directory";
        }
        if (name.startsWith("-")) {
            return "it must not start with '-'";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || Character.getType(c) == Character.FORMAT
                    || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                return "it contains a control or format character";
            }
            if (REFUSED.indexOf(c) >= 0) {
                return "it contains " + (c == '/' ? "'/', which makes it a path" : "'" + c
                        + "', which a shell would interpret") + " (it names the module's build directory)";
            }
        }
        return null;
    }
}
