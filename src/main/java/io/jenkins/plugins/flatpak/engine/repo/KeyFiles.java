package io.jenkins.plugins.flatpak.engine.repo;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.Names;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The key-file format of GLib's GKeyFile, which {@code .flatpakrepo}, {@code .flatpakref} and OSTree's repository
 * {@code config} are written in. A value is written as {@code g_key_file_set_string} writes it: a backslash becomes
 * {@code \\}, a newline {@code \n}, a tab {@code \t}, a carriage return {@code \r}, and a space at either end
 * {@code \s} (the parser drops unescaped whitespace there); everything else, {@code ;}, {@code [}, {@code #},
 * {@code =} and any non-ASCII text included, is literal UTF-8. What has no escape — other control characters, NUL,
 * text that is not valid Unicode — is refused, naming the value.
 */
public final class KeyFiles {
    private KeyFiles() {}

    /** {@code value} escaped for the right-hand side of {@code key=value}; {@code what} names it in an error. */
    public static String escape(String value, String what) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                out.append(c).append(value.charAt(++i));
                continue;
            }
            if (Character.isSurrogate(c)) {
                throw new InvalidInputException("invalid " + what + " " + Names.quote(value) + ": it is not valid Unicode");
            }
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case ' ' -> out.append(i == 0 || i == value.length() - 1 ? "\\s" : " ");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        throw new InvalidInputException("invalid " + what + " " + Names.quote(value) + ": control character U+"
                                + String.format("%04X", (int) c) + " cannot be written in a key file");
                    }
                    out.append(c);
                }
            }
        }
        return out.toString();
    }

    /** The value a parser reads from the escaped right-hand side {@code raw} (GKeyFile's get_string). */
    public static String unescape(String raw) {
        String v = raw.stripLeading();
        StringBuilder out = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c != '\\' || i + 1 == v.length()) {
                out.append(c);
                continue;
            }
            char n = v.charAt(++i);
            switch (n) {
                case 's' -> out.append(' ');
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case '\\' -> out.append('\\');
                default -> out.append('\\').append(n);
            }
        }
        return out.toString();
    }

    /** Group name to its keys and unescaped values, in file order; comments and blank lines are skipped. */
    public static Map<String, Map<String, String>> parse(String text) {
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String line : text.split("\n", -1)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            if (l.startsWith("[") && l.endsWith("]")) {
                current = groups.computeIfAbsent(l.substring(1, l.length() - 1), g -> new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            if (current != null && eq > 0) {
                current.put(line.substring(0, eq).strip(), unescape(line.substring(eq + 1)));
            }
        }
        return groups;
    }

    /**
     * {@code text} with group {@code group} holding exactly {@code entries} (escaped here), in place when the group
     * exists, else appended; every other line, comments included, stays as it was. An empty map removes the group.
     */
    public static String withGroup(String text, String group, Map<String, String> entries) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        List<String> body = new ArrayList<>();
        entries.forEach((k, v) -> body.add(k + "=" + escape(v, group + " " + k)));
        int start = lines.indexOf("[" + group + "]");
        if (start < 0) {
            if (!body.isEmpty()) {
                if (!lines.isEmpty() && !lines.get(lines.size() - 1).isBlank()) {
                    lines.add("");
                }
                lines.add("[" + group + "]");
                lines.addAll(body);
            }
        } else {
            int end = start + 1;
            while (end < lines.size() && !lines.get(end).strip().startsWith("[")) {
                end++;
            }
            int keep = end; // blank lines before the next group stay
            while (keep > start + 1 && lines.get(keep - 1).isBlank()) {
                keep--;
            }
            List<String> replacement = new ArrayList<>();
            if (!body.isEmpty()) {
                replacement.add("[" + group + "]");
                replacement.addAll(body);
            }
            lines.subList(start, keep).clear();
            lines.addAll(start, replacement);
        }
        return String.join("\n", lines) + "\n";
    }
}
