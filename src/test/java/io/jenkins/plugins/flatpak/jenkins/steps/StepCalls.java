package io.jenkins.plugins.flatpak.jenkins.steps;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds calls of the Flatpak steps in Groovy text and the named parameters each passes: {@code flatpakBuild
 * manifest: 'x', branch: 'y'}, {@code flatpakBuild(manifest: 'x')}, {@code flatpakCommit()}, including calls
 * continued over several lines. String literals are skipped, so {@code 'https://...'} is not read as a name.
 */
final class StepCalls {
    static final Pattern STEP = Pattern.compile("\\b(flatpakValidate|flatpakBuild|flatpakCommit|flatpakPublish)\\b");

    /** One call: the step, the named parameters, and whether an unnamed argument was given. */
    record Call(String step, List<String> named, boolean positional, String where) {
    }

    private StepCalls() {}

    static List<Call> find(String text, String source) {
        List<Call> calls = new ArrayList<>();
        Matcher m = STEP.matcher(text);
        while (m.find()) {
            if (m.start() > 0 && (Character.isJavaIdentifierPart(text.charAt(m.start() - 1))
                    || text.charAt(m.start() - 1) == '.' || text.charAt(m.start() - 1) == '\'')) {
                continue;
            }
            int line = 1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
            calls.add(parse(m.group(1), text, m.end(), source + ":" + line));
        }
        return calls;
    }

    private static Call parse(String step, String text, int from, String where) {
        int i = from;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        boolean parens = i < text.length() && text.charAt(i) == '(';
        if (parens) {
            i++;
        } else if (i >= text.length() || text.charAt(i) == '\n' || text.charAt(i) == '}' || text.charAt(i) == ')'
                || text.charAt(i) == '`' || text.charAt(i) == ',') {
            return new Call(step, List.of(), false, where);
        }
        List<String> named = new ArrayList<>();
        boolean positional = false;
        int depth = 0;
        boolean atArgumentStart = true;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                i = skipString(text, i);
                positional |= atArgumentStart && depth == 0;
                atArgumentStart = false;
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) {
                    break;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                atArgumentStart = true;
            } else if (c == '\n' && depth == 0 && !parens && !endsWithComma(text, i)) {
                break;
            } else if (depth == 0 && atArgumentStart && Character.isJavaIdentifierStart(c)) {
                int end = i;
                while (end < text.length() && Character.isJavaIdentifierPart(text.charAt(end))) {
                    end++;
                }
                int colon = end;
                while (colon < text.length() && text.charAt(colon) == ' ') {
                    colon++;
                }
                if (colon < text.length() && text.charAt(colon) == ':') {
                    named.add(text.substring(i, end));
                    i = colon + 1;
                } else {
                    positional = true;
                    i = end;
                }
                atArgumentStart = false;
                continue;
            } else if (!Character.isWhitespace(c)) {
                positional |= atArgumentStart && depth == 0;
                atArgumentStart = false;
            }
            i++;
        }
        return new Call(step, named, positional && named.isEmpty(), where);
    }

    private static boolean endsWithComma(String text, int newline) {
        int j = newline - 1;
        while (j >= 0 && (text.charAt(j) == ' ' || text.charAt(j) == '\t' || text.charAt(j) == '\r')) {
            j--;
        }
        return j >= 0 && text.charAt(j) == ',';
    }

    private static int skipString(String text, int start) {
        char q = text.charAt(start);
        boolean triple = text.startsWith(String.valueOf(q).repeat(3), start);
        int i = start + (triple ? 3 : 1);
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (triple ? text.startsWith(String.valueOf(q).repeat(3), i) : c == q) {
                return i + (triple ? 3 : 1);
            }
            if (!triple && c == '\n') {
                return i;
            }
            i++;
        }
        return i;
    }

    /** Groovy text with its comments blanked out (newlines kept, so line numbers hold); strings are left alone. */
    static String withoutComments(String groovy) {
        StringBuilder out = new StringBuilder(groovy.length());
        int i = 0;
        while (i < groovy.length()) {
            char c = groovy.charAt(i);
            if (c == '\'' || c == '"') {
                int end = skipString(groovy, i);
                out.append(groovy, i, end);
                i = end;
            } else if (groovy.startsWith("//", i)) {
                while (i < groovy.length() && groovy.charAt(i) != '\n') {
                    i++;
                }
            } else if (groovy.startsWith("/*", i)) {
                int end = groovy.indexOf("*/", i + 2);
                end = end < 0 ? groovy.length() : end + 2;
                groovy.substring(i, end).chars().filter(ch -> ch == '\n').forEach(ch -> out.append('\n'));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** The fenced code blocks of a Markdown text, with blank lines in place of prose so line numbers hold. */
    static String codeBlocks(String markdown) {
        StringBuilder out = new StringBuilder();
        boolean inside = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.trim().startsWith("```")) {
                inside = !inside;
                out.append('\n');
                continue;
            }
            out.append(inside ? line : "").append('\n');
        }
        return out.toString();
    }
}
