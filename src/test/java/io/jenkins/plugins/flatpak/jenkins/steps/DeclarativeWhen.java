package io.jenkins.plugins.flatpak.jenkins.steps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides a declarative Pipeline stage's {@code when} block for given environment variables, as Pipeline: Model
 * Definition does, for the conditions the example Jenkinsfile may use: {@code branch 'glob'} (false where
 * {@code BRANCH_NAME} is unset: a job that is not multibranch), {@code changeRequest()}, {@code environment name:
 * 'X', value: 'v'}, {@code expression} over {@code env.X} ({@code !env.X}, {@code env.X}, {@code env.X == null},
 * {@code env.X != null}, {@code env.X == 'v'}), and {@code not}, {@code anyOf}, {@code allOf} around them. Anything
 * else is refused, so a changed Jenkinsfile cannot pass by being misunderstood.
 */
final class DeclarativeWhen {
    private final String text;
    private int pos;

    private DeclarativeWhen(String text) {
        this.text = text;
    }

    /** The {@code when} block of the named stage, without its braces; null when the stage has none. */
    static String whenOfStage(String jenkinsfile, String stage) {
        int at = jenkinsfile.indexOf("stage('" + stage + "')");
        if (at < 0) {
            throw new IllegalArgumentException("no stage '" + stage + "'");
        }
        String body = block(jenkinsfile, jenkinsfile.indexOf('{', at));
        Matcher when = Pattern.compile("(?m)^\\s*when\\s*\\{").matcher(body);
        return when.find() ? block(body, when.end() - 1) : null;
    }

    /** Whether the stage runs: every top-level condition of the block holds (an absent block always runs). */
    static boolean runs(String when, Map<String, String> env) {
        if (when == null) {
            return true;
        }
        DeclarativeWhen parser = new DeclarativeWhen(when);
        List<Boolean> all = parser.conditions(env);
        return all.stream().allMatch(b -> b);
    }

    private List<Boolean> conditions(Map<String, String> env) {
        List<Boolean> results = new ArrayList<>();
        skipSpace();
        while (pos < text.length()) {
            results.add(condition(env));
            skipSpace();
        }
        if (results.isEmpty()) {
            throw new IllegalArgumentException("an empty condition block");
        }
        return results;
    }

    private boolean condition(Map<String, String> env) {
        String word = word();
        switch (word) {
            case "branch": {
                String pattern = string();
                String branch = env.get("BRANCH_NAME");
                return branch != null && branch.matches(glob(pattern));
            }
            case "changeRequest": {
                if (text.startsWith("()", pos)) {
                    pos += 2;
                }
                return env.get("CHANGE_ID") != null;
            }
            case "environment": {
                expect("name:");
                String name = string();
                skipSpace();
                expect(",");
                expect("value:");
                String value = string();
                return value.equals(env.get(name));
            }
            case "expression":
                return expression(block(text, open()), env);
            case "not": {
                List<Boolean> inner = nested(env);
                if (inner.size() != 1) {
                    throw new IllegalArgumentException("not takes one condition");
                }
                return !inner.get(0);
            }
            case "anyOf":
                return nested(env).stream().anyMatch(b -> b);
            case "allOf":
                return nested(env).stream().allMatch(b -> b);
            default:
                throw new IllegalArgumentException("a when condition this test does not know: " + word);
        }
    }

    private List<Boolean> nested(Map<String, String> env) {
        String inner = block(text, open());
        return new DeclarativeWhen(inner).conditions(env);
    }

    private static boolean expression(String groovy, Map<String, String> env) {
        String e = groovy.strip();
        Matcher m;
        if ((m = Pattern.compile("!\\s*env\\.(\\w+)").matcher(e)).matches()) {
            return !truthy(env.get(m.group(1)));
        }
        if ((m = Pattern.compile("env\\.(\\w+)").matcher(e)).matches()) {
            return truthy(env.get(m.group(1)));
        }
        if ((m = Pattern.compile("env\\.(\\w+)\\s*(==|!=)\\s*null").matcher(e)).matches()) {
            return (env.get(m.group(1)) == null) == m.group(2).equals("==");
        }
        if ((m = Pattern.compile("env\\.(\\w+)\\s*(==|!=)\\s*'([^']*)'").matcher(e)).matches()) {
            return m.group(3).equals(env.get(m.group(1))) == m.group(2).equals("==");
        }
        throw new IllegalArgumentException("an expression this test does not know: " + e);
    }

    /** Groovy truth of a string: null and empty are false. */
    private static boolean truthy(String s) {
        return s != null && !s.isEmpty();
    }

    /** Ant-style glob of the branch condition: {@code *} within a path segment, {@code **} across them. */
    private static String glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                re.append(".*");
                i++;
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }

    private String word() {
        skipSpace();
        int start = pos;
        while (pos < text.length() && Character.isJavaIdentifierPart(text.charAt(pos))) {
            pos++;
        }
        if (start == pos) {
            throw new IllegalArgumentException("expected a condition at: " + text.substring(pos));
        }
        return text.substring(start, pos);
    }

    private String string() {
        skipSpace();
        char quote = text.charAt(pos);
        if (quote != '\'' && quote != '"') {
            throw new IllegalArgumentException("expected a string at: " + text.substring(pos));
        }
        int end = text.indexOf(quote, pos + 1);
        String s = text.substring(pos + 1, end);
        pos = end + 1;
        return s;
    }

    private void expect(String token) {
        skipSpace();
        if (!text.startsWith(token, pos)) {
            throw new IllegalArgumentException("expected " + token + " at: " + text.substring(pos));
        }
        pos += token.length();
    }

    /** Moves past the block that opens here and returns where its brace was. */
    private int open() {
        skipSpace();
        if (pos >= text.length() || text.charAt(pos) != '{') {
            throw new IllegalArgumentException("expected { at: " + text.substring(Math.min(pos, text.length())));
        }
        int brace = pos;
        pos = end(text, brace) + 1;
        return brace;
    }

    private void skipSpace() {
        while (pos < text.length() && (Character.isWhitespace(text.charAt(pos)) || text.charAt(pos) == ';')) {
            pos++;
        }
    }

    /** The text between the brace at {@code brace} and its match. */
    static String block(String s, int brace) {
        return s.substring(brace + 1, end(s, brace));
    }

    /** The index of the brace matching the one at {@code brace}, skipping quoted strings. */
    private static int end(String s, int brace) {
        int depth = 0;
        for (int i = brace; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                i = s.indexOf(c, i + 1);
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced braces");
    }
}
