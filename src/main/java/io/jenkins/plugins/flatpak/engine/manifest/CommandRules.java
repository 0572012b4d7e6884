package io.jenkins.plugins.flatpak.engine.manifest;

import io.jenkins.plugins.flatpak.engine.Names;

/**
 * What a manifest's {@code command} may be: one program, named, given as a path relative to the app's
 * {@code bin}, or as an absolute path ({@code /app/bin/tool}, which flatpak-builder looks for under the app's
 * files, or a path in the runtime), never a command line. It ends up in the app's metadata and in logs and
 * commands the engine builds, so anything a shell would interpret is refused; flatpak-builder itself fails on
 * such a command when it finishes the build ("Command ... not found. Use a shell wrapper for passing arguments").
 */
final class CommandRules {
    private CommandRules() {}

    /** Why {@code command} is unacceptable, or null. */
    static String problem(String command) {
        if (command.isEmpty()) {
            return "it is empty";
        }
        if (command.length() > 255) {
            return "it is longer than 255 characters";
        }
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "it contains a control character (such as a newline)";
            }
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return "it contains a space: the command is one program, not a command line"
                        + " (install a wrapper script to pass arguments)";
            }
            if (!allowed(c)) {
                return "it contains " + Names.quote(String.valueOf(c))
                        + "; only letters, digits and . _ + - @ , : = / are allowed";
            }
        }
        if (command.startsWith("-")) {
            return "it must not start with '-'";
        }
        String path = command.startsWith("/") ? command.substring(1) : command;
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return "it must not contain empty, '.' or '..' path elements";
            }
        }
        return null;
    }

    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "._+-@,:=/".indexOf(c) >= 0;
    }
}
