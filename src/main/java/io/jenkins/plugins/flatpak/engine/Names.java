package io.jenkins.plugins.flatpak.engine;

import java.util.regex.Pattern;

/**
 * Validation of the names users hand us, with flatpak's own grammar (flatpak_is_valid_name,
 * flatpak_is_valid_branch). Every check returns the value unchanged or throws
 * {@link InvalidInputException} naming the value, so callers can write {@code appId(Names.appId(x))}.
 */
public final class Names {
    private static final Pattern ELEMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern LAST_ELEMENT = Pattern.compile("[A-Za-z_-][A-Za-z0-9_-]*");
    // Stricter than flatpak at the start: a branch beginning with '-' is valid to flatpak but reads as an
    // option wherever it is a separate argument, so it is refused. Refs are file names: 255 bytes at most.
    private static final Pattern BRANCH = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}");
    private static final Pattern ARCH = Pattern.compile("[a-z0-9_]{1,64}");
    private static final Pattern REPO_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final Pattern MODULE_NAME = Pattern.compile("[A-Za-z0-9_+][A-Za-z0-9_.+-]{0,127}");
    private static final Pattern CHECKSUM = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern BUILD_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private Names() {}

    /** An application, runtime or extension id: at least three dot-separated elements, at most 255 characters. */
    public static String appId(String id) {
        String problem = appIdProblem(id);
        if (problem != null) {
            throw new InvalidInputException("invalid app id " + quote(id) + ": " + problem);
        }
        return id;
    }

    /** Why {@code id} is not a valid flatpak name, or null when it is. */
    public static String appIdProblem(String id) {
        if (id == null || id.isEmpty()) {
            return "it is empty";
        }
        if (id.length() > 255) {
            return "it is longer than 255 characters";
        }
        String[] elements = id.split("\\.", -1);
        if (elements.length < 3) {
            return "it needs at least three dot-separated elements";
        }
        for (int i = 0; i < elements.length; i++) {
            String e = elements[i];
            if (e.isEmpty()) {
                return "it has an empty element";
            }
            boolean last = i == elements.length - 1;
            if (!(last ? LAST_ELEMENT : ELEMENT).matcher(e).matches()) {
                if (Character.isDigit(e.charAt(0))) {
                    return "element " + quote(e) + " starts with a digit";
                }
                return last
                        ? "element " + quote(e) + " may only contain letters, digits, '_' and '-'"
                        : "element " + quote(e) + " may only contain letters, digits and '_' ('-' only in the last element)";
            }
        }
        return null;
    }

    /** A branch such as {@code stable}, {@code master} or {@code 1.0}. */
    public static String branch(String branch) {
        if (branch == null || !BRANCH.matcher(branch).matches()) {
            throw new InvalidInputException("invalid branch " + quote(branch)
                    + ": it must start with a letter, digit or '_' and contain only letters, digits, '_', '-' and '.'"
                    + " (at most 255)");
        }
        return branch;
    }

    /** A flatpak architecture name such as {@code x86_64} or {@code aarch64}. */
    public static String arch(String arch) {
        if (arch == null || !ARCH.matcher(arch).matches()) {
            throw new InvalidInputException("invalid arch " + quote(arch)
                    + ": it must be lower-case letters, digits and '_' (at most 64)");
        }
        return arch;
    }

    /** The name of a configured repository ({@code beta}, {@code stable}); also used as a directory name. */
    public static String repoName(String name) {
        if (name == null || !REPO_NAME.matcher(name).matches() || name.contains("..")) {
            throw new InvalidInputException("invalid repository name " + quote(name)
                    + ": it must start with a letter or digit and contain only letters, digits, '_', '-' and '.' (at most 64)");
        }
        return name;
    }

    /** A manifest module name. */
    public static String moduleName(String name) {
        if (name == null || !MODULE_NAME.matcher(name).matches()) {
            throw new InvalidInputException("invalid module name " + quote(name)
                    + ": it must start with a letter, digit, '_' or '+' and contain only letters, digits, '_', '+', '-' and '.'");
        }
        return name;
    }

    /** An OSTree commit checksum (64 lower-case hex digits). */
    public static String checksum(String checksum) {
        if (checksum == null || !CHECKSUM.matcher(checksum).matches()) {
            throw new InvalidInputException("invalid commit checksum " + quote(checksum));
        }
        return checksum;
    }

    /** A build id as the engine makes them; also a directory name. */
    public static String buildId(String id) {
        if (id == null || !BUILD_ID.matcher(id).matches() || id.contains("..")) {
            throw new InvalidInputException("invalid build id " + quote(id));
        }
        return id;
    }

    /** A flatpak ref: {@code app|runtime/<id>/<arch>/<branch>}. */
    public static String ref(String ref) {
        String[] parts = ref == null ? new String[0] : ref.split("/", -1);
        if (parts.length != 4 || !(parts[0].equals("app") || parts[0].equals("runtime"))) {
            throw new InvalidInputException("invalid ref " + quote(ref) + ": expected app|runtime/<id>/<arch>/<branch>");
        }
        appId(parts[1]);
        arch(parts[2]);
        branch(parts[3]);
        return ref;
    }

    /**
     * Quotes a value for an error message: control characters (C0 and C1), invisible format characters
     * (bidirectional overrides, zero-width characters) and line separators are escaped, so a value cannot
     * forge lines or reorder text in a log or console, and long values are shortened.
     */
    public static String quote(String value) {
        if (value == null) {
            return "(none)";
        }
        int max = 200;
        StringBuilder sb = new StringBuilder("'");
        escape(value.length() > max ? value.substring(0, max) : value, true, sb);
        if (value.length() > max) {
            sb.append("…(").append(value.length()).append(" characters)");
        }
        return sb.append('\'').toString();
    }

    /**
     * Text taken from user input (a file or field name) made safe to print inside a message, escaped as
     * {@link #quote} escapes it but without quotes or shortening.
     */
    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        escape(text, false, sb);
        return sb.toString();
    }

    private static void escape(String value, boolean quotes, StringBuilder sb) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else if ((c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029
                    || Character.getType(c) == Character.FORMAT) {
                sb.append(String.format("\\u%04x", (int) c));
            } else if (c == '\'' && quotes) {
                sb.append("\\'");
            } else {
                sb.append(c);
            }
        }
    }
}
