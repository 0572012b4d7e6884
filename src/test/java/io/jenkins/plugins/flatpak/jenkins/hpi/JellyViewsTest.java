package io.jenkins.plugins.flatpak.jenkins.hpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Jelly view of the plugin (found by walking {@code src/main/resources}, so views added later are covered) parses
 * with Stapler's real parser, its {@code ${%…}} text holds none of the characters Stapler reads as arguments, and every
 * key a view uses exists in the view's {@code .properties} when it has one. Views render only in a running Jenkins;
 * without these checks a broken view shows up first in a user's browser (or pins a request thread forever).
 */
class JellyViewsTest {
    /** A parse takes milliseconds; a view that makes the parser spin never returns. */
    private static final Duration PER_VIEW = Duration.ofSeconds(20);

    /** {@code ${%text}} as Jelly's expression parser finds it (no nested braces: keys never have them). */
    private static final Pattern I18N = Pattern.compile("\\$\\{%([^}]*)}");
    /** Any other {@code ${…}}, for the {@code '%key'} resource literals Stapler resolves inside expressions. */
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^%][^}]*)}");
    private static final Pattern LITERAL = Pattern.compile("'%([^']+)'|\"%([^\"]+)\"");

    static Path resources() {
        return FlatpakTestEnv.projectDir().resolve("src/main/resources");
    }

    static List<Path> files(String suffix) throws IOException {
        try (Stream<Path> all = Files.walk(resources())) {
            return all.filter(p -> p.getFileName().toString().endsWith(suffix) && Files.isRegularFile(p)).sorted().toList();
        }
    }

    private static String name(Path p) {
        return resources().relativize(p).toString();
    }

    @Test
    void everyViewParsesWithStaplersJellyParser() throws Exception {
        List<Path> views = files(".jelly");
        assertTrue(views.stream().anyMatch(v -> v.endsWith("FlatpakPublishStep/config.jelly"))
                && views.stream().anyMatch(v -> v.endsWith("FlatpakManagementLink/index.jelly")), "found " + views);
        Map<String, String> failures = new TreeMap<>();
        StaplerJellyParser.parse(views, PER_VIEW).forEach((view, why) -> failures.put(name(view), why));
        assertEquals(Map.of(), failures, views.size() + " views parsed");
    }

    /**
     * The two ways the first views broke in a real Jenkins, kept as cases so the parse test is known to catch them:
     * a {@code '} inside {@code ${%…}} makes Stapler's parser spin forever, parentheses are read as arguments.
     */
    @Test
    void theParserCatchesAViewThatSpinsAndOneThatDoesNotParse() throws Exception {
        Path dir = FlatpakTestEnv.tempDir("jelly-views");
        Path spins = view(dir, "spins.jelly", "<f:entry title=\"${%GPG signing key (instead of the repository's)}\"/>");
        Path fails = view(dir, "fails.jelly", "<f:checkbox title=\"${%Sandboxed build (no build-args)}\"/>");
        Path fine = view(dir, "fine.jelly", "<f:entry title=\"${%gpgKey}\"><j:if test=\"${a.b != null and !empty(c)}\">"
                + "${a ? 'x' : 'y'}</j:if></f:entry>");
        Map<Path, String> failures = StaplerJellyParser.parse(List.of(spins, fails, fine), Duration.ofSeconds(5));
        assertEquals(Set.of(spins, fails), failures.keySet(), failures.toString());
        assertTrue(failures.get(spins).contains("did not return"), failures.get(spins));
        assertTrue(failures.get(fails).contains("Could not parse Jelly script")
                && failures.get(fails).contains("no build-args"), failures.get(fails));
    }

    private static Path view(Path dir, String name, String body) throws IOException {
        return Files.writeString(dir.resolve(name), "<?jelly escape-by-default='true'?>\n"
                + "<j:jelly xmlns:j=\"jelly:core\" xmlns:f=\"/lib/form\">" + body + "</j:jelly>\n");
    }

    /** Stapler reads {@code ${%key(args)}}: a {@code (}, {@code )}, {@code '} or {@code ,} in the text breaks it. */
    @Test
    void noI18nTextHoldsParenthesesQuotesOrCommas() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path view : files(".jelly")) {
            Matcher m = I18N.matcher(Files.readString(view, StandardCharsets.UTF_8));
            while (m.find()) {
                if (m.group(1).matches(".*[(),'].*")) {
                    problems.add(name(view) + ": ${%" + m.group(1) + "}");
                }
            }
        }
        assertEquals(List.of(), problems, "move such text into the view's .properties under a plain key");
    }

    /** The keys a view looks up: {@code ${%key}} and {@code '%key'} literals inside expressions. */
    static Set<String> keys(String jelly) {
        Set<String> keys = new LinkedHashSet<>();
        Matcher m = I18N.matcher(jelly);
        while (m.find()) {
            String text = m.group(1);
            int args = text.indexOf('(');
            keys.add(args < 0 ? text : text.substring(0, args));
        }
        Matcher e = EXPRESSION.matcher(jelly);
        while (e.find()) {
            Matcher l = LITERAL.matcher(e.group(1));
            while (l.find()) {
                keys.add(l.group(1) != null ? l.group(1) : l.group(2));
            }
        }
        return keys;
    }

    /**
     * A view with a {@code .properties} file takes all its text from there: every key it uses is defined (Stapler
     * shows an undefined key as it is written), none is left unused, and a translation defines no key the default
     * file lacks. A view without one uses its text as keys.
     */
    @Test
    void everyKeyOfAViewWithPropertiesIsDefinedThere() throws IOException {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path view : files(".jelly")) {
            String base = view.getFileName().toString().replaceFirst("\\.jelly$", "");
            Path defaults = view.resolveSibling(base + ".properties");
            if (!Files.exists(defaults)) {
                // without a .properties file the text is the key: a plain key (sandbox, gpgKey) would show as it is
                for (String key : keys(Files.readString(view, StandardCharsets.UTF_8))) {
                    if (key.matches("[a-z][A-Za-z0-9._]*")) {
                        problems.add(name(view) + " uses the key '" + key + "' but has no " + name(defaults));
                    }
                }
                continue;
            }
            checked++;
            Set<String> used = keys(Files.readString(view, StandardCharsets.UTF_8));
            Properties props = load(defaults);
            for (String key : used) {
                String value = props.getProperty(key);
                if (value == null || value.isEmpty()) {
                    problems.add(name(view) + " uses '" + key + "', which " + name(defaults) + " does not define");
                }
            }
            TreeSet<String> unused = new TreeSet<>(props.stringPropertyNames());
            unused.removeAll(used);
            unused.forEach(k -> problems.add(name(defaults) + " defines '" + k + "', which " + name(view) + " does not use"));
            try (Stream<Path> siblings = Files.list(view.getParent())) {
                for (Path translation : siblings.filter(p -> p.getFileName().toString().matches(
                        Pattern.quote(base) + "_[A-Za-z_]+\\.properties")).toList()) {
                    TreeSet<String> extra = new TreeSet<>(load(translation).stringPropertyNames());
                    extra.removeAll(props.stringPropertyNames());
                    extra.forEach(k -> problems.add(name(translation) + " defines '" + k + "', which " + name(defaults) + " lacks"));
                }
            }
        }
        assertTrue(checked > 0, "no view has a .properties file: the check would prove nothing");
        assertEquals(List.of(), problems);
    }

    /**
     * Stapler loads a view's {@code .properties} as ISO-8859-1 and formats every value with {@link MessageFormat}:
     * keep them ASCII ({@code \\uXXXX} for the rest) and write an apostrophe as {@code ''}, or it disappears.
     */
    @Test
    void propertiesAreAsciiAndRenderAsWritten() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path file : files(".properties")) {
            byte[] bytes = Files.readAllBytes(file);
            for (byte b : bytes) {
                if (b < 0) {
                    problems.add(name(file) + " is not ASCII");
                    break;
                }
            }
            Properties props = load(file);
            for (String key : new TreeSet<>(props.stringPropertyNames())) {
                String value = props.getProperty(key);
                String rendered;
                try {
                    rendered = MessageFormat.format(value, new Object[0]);
                } catch (IllegalArgumentException e) {
                    problems.add(name(file) + " " + key + ": not a MessageFormat pattern: " + e.getMessage());
                    continue;
                }
                if (!rendered.equals(value.replace("''", "'"))) {
                    problems.add(name(file) + " " + key + " renders as \"" + rendered + "\" (write an apostrophe as '')");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyViewEscapesByDefault() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path view : files(".jelly")) {
            if (!Files.readString(view, StandardCharsets.UTF_8).startsWith("<?jelly escape-by-default='true'?>")) {
                missing.add(name(view));
            }
        }
        assertEquals(List.of(), missing, "views that do not start with <?jelly escape-by-default='true'?>");
    }

    private static Properties load(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in); // as Stapler does: ISO-8859-1
        }
        return p;
    }
}
