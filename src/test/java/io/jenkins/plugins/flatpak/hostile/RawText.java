package io.jenkins.plugins.flatpak.hostile;

/** Finds what a message shown to people must not carry raw: it could forge lines or reorder the text. */
public final class RawText {
    private RawText() {}

    /** Control characters other than the line feed, C1 controls, format characters and line separators found. */
    public static String controlCharacters(String text) {
        StringBuilder found = new StringBuilder();
        text.chars().filter(c -> c != '\n' && (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028
                || c == 0x2029 || Character.getType(c) == Character.FORMAT))
                .distinct().forEach(c -> found.append(String.format("U+%04X ", c)));
        return found.toString().trim();
    }
}
