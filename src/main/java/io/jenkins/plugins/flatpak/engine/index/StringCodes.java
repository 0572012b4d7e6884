package io.jenkins.plugins.flatpak.engine.index;

import java.util.Arrays;
import java.util.Locale;

/**
 * Gives each distinct string (an app id, a repository, a status, a job) a small int code; null is {@link #NONE}.
 * Looks strings up from a parser's characters as well, so loading a line makes no string for a known value.
 */
final class StringCodes {
    static final int NONE = -1;
    static final int UNKNOWN = -2;

    private String[] values = new String[16];
    private int[] hash = new int[32]; // code + 1, 0 when free
    private String[] lowerCase;
    private int size;

    int intern(String s) {
        if (s == null) {
            return NONE;
        }
        int code = find(s);
        return code >= 0 ? code : add(s, s.hashCode());
    }

    int intern(char[] chars, int off, int len) {
        int h = 0;
        for (int i = off; i < off + len; i++) {
            h = 31 * h + chars[i];
        }
        int mask = hash.length - 1;
        for (int i = mix(h) & mask; ; i = (i + 1) & mask) {
            int v = hash[i];
            if (v == 0) {
                return add(new String(chars, off, len), h);
            }
            if (equals(values[v - 1], chars, off, len)) {
                return v - 1;
            }
        }
    }

    /** The code of a string seen before, {@link #NONE} for null, {@link #UNKNOWN} for a string never seen. */
    int find(String s) {
        if (s == null) {
            return NONE;
        }
        int mask = hash.length - 1;
        for (int i = mix(s.hashCode()) & mask; ; i = (i + 1) & mask) {
            int v = hash[i];
            if (v == 0) {
                return UNKNOWN;
            }
            if (values[v - 1].equals(s)) {
                return v - 1;
            }
        }
    }

    String value(int code) {
        return code < 0 ? null : values[code];
    }

    /** The values in lower case (kept until the next new value), for case-insensitive matching. */
    String[] lowerCase() {
        if (lowerCase == null || lowerCase.length != size) {
            int known = lowerCase == null ? 0 : lowerCase.length;
            String[] lower = Arrays.copyOf(lowerCase == null ? new String[0] : lowerCase, size);
            for (int i = known; i < size; i++) {
                lower[i] = values[i].toLowerCase(Locale.ROOT);
            }
            lowerCase = lower;
        }
        return lowerCase;
    }

    int size() {
        return size;
    }

    /** About what this holds on the heap. */
    long heapBytes() {
        long strings = 0;
        for (int i = 0; i < size; i++) {
            strings += 2 * (40L + values[i].length());
        }
        return 48L + 8L * values.length + 4L * hash.length + strings;
    }

    private int add(String s, int h) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size] = s;
        if (2 * (size + 1) > hash.length) {
            hash = new int[hash.length * 2];
            for (int c = 0; c < size; c++) {
                place(c, values[c].hashCode());
            }
        }
        place(size, h);
        return size++;
    }

    private void place(int code, int h) {
        int mask = hash.length - 1;
        int i = mix(h) & mask;
        while (hash[i] != 0) {
            i = (i + 1) & mask;
        }
        hash[i] = code + 1;
    }

    /** Spreads similar hashes (ids differ in their last characters) over the table: Fibonacci hashing. */
    private static int mix(int h) {
        int m = h * 0x9E3779B9;
        return m ^ (m >>> 16);
    }

    private static boolean equals(String s, char[] chars, int off, int len) {
        if (s.length() != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (s.charAt(i) != chars[off + i]) {
                return false;
            }
        }
        return true;
    }
}
