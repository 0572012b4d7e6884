package io.jenkins.plugins.flatpak.jenkins.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * A repository's configuration survives the ways Jenkins binds it: configuration as code describes it by its
 * data-bound constructor parameters and setters and exports it through the matching getters, the form binds the
 * same names from {@code field="…"} entries, and every field has its help. Each property, Allowed jobs included,
 * goes out and comes back unchanged.
 */
class RepositoryConfigBindingTest {
    private static FlatpakRepositoryConfig full() {
        FlatpakRepositoryConfig r = new FlatpakRepositoryConfig("stable", "/srv/flatpak/stable");
        r.setTitle("Example Stable");
        r.setUrl("https://flatpak.example.org/stable");
        r.setCollectionId("org.example.Stable");
        r.setParentRepository("beta");
        r.setGpgCredentialsId("release-key");
        r.setGpgPassphraseCredentialsId("release-passphrase");
        r.setStaticDeltas(true);
        r.setPruneDepth(4);
        r.setAllowedJobs(" release/ \r\n\nteam/*-release\napps/**\n");
        return r;
    }

    @Test
    void everyPropertyRoundTripsThroughItsConstructorParameterOrSetter() throws Exception {
        FlatpakRepositoryConfig original = full();
        Map<String, Object> exported = export(original);
        assertEquals(List.of("name", "path", "allowedJobs", "collectionId", "gpgCredentialsId",
                "gpgPassphraseCredentialsId", "parentRepository", "pruneDepth", "staticDeltas", "title", "url"),
                new ArrayList<>(exported.keySet()), "the attributes configuration as code sees");
        assertEquals("release/\nteam/*-release\napps/**", exported.get("allowedJobs"),
                "exported as stored: one entry per line");

        FlatpakRepositoryConfig imported = configure(exported);
        assertEquals(exported, export(imported));
        assertEquals(original.allowedJobs(), imported.allowedJobs());
        assertTrue(imported.allowedJobs().allows("release/publisher"));
        assertEquals(List.of(), RepositoryRules.problems(imported));
    }

    @Test
    void withoutAllowedJobsAnyJobMayPublish() throws Exception {
        FlatpakRepositoryConfig plain = new FlatpakRepositoryConfig("beta", "/srv/flatpak/beta");
        assertNull(plain.getAllowedJobs());
        assertEquals(AllowedJobs.ANY, plain.allowedJobs());
        plain.setAllowedJobs("  \n ");
        assertNull(plain.getAllowedJobs(), "blank is the default, stored as nothing");
        Map<String, Object> exported = export(plain);
        assertNull(exported.get("allowedJobs"));
        assertEquals(exported, export(configure(exported)));
    }

    @Test
    void invalidAllowedJobsAreRefusedNamingTheEntryBeforeAnythingIsSaved() {
        FlatpakRepositoryConfig bad = new FlatpakRepositoryConfig("beta", "/srv/flatpak/beta");
        bad.setAllowedJobs("team/\n/etc/passwd");
        List<String> problems = RepositoryRules.problems(bad);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("repository 'beta'") && problems.get(0).contains("'/etc/passwd'"),
                problems.get(0));
        InvalidInputException e = assertThrows(InvalidInputException.class, bad::allowedJobs);
        assertTrue(e.getMessage().contains("'/etc/passwd'"), e.getMessage());
        // The stub's save() throws: a refused list never gets that far.
        FlatpakGlobalConfiguration global = new FlatpakGlobalConfiguration(null, null, List.of());
        assertThrows(InvalidInputException.class, () -> global.setRepositories(List.of(bad)));
        assertEquals(List.of(), global.getRepositories());
        assertNotNull(RepositoryRules.allowedJobsProblem("a\u202eb"));
    }

    @Test
    void theFormBindsEveryPropertyAndEachHasItsHelp() throws IOException {
        String view = resource("config.jelly");
        assertTrue(view.startsWith("<?jelly escape-by-default='true'?>"), "escape by default");
        List<String> missing = new ArrayList<>();
        for (String property : export(full()).keySet()) {
            if (!view.contains("field=\"" + property + "\"")) {
                missing.add("config.jelly has no field=\"" + property + "\"");
            }
            if (resourceOrNull("help-" + property + ".html") == null) {
                missing.add("help-" + property + ".html");
            }
        }
        assertEquals(List.of(), missing);
        String help = resource("help-allowedJobs.html");
        assertTrue(help.contains("any job") && help.contains("team/") && help.contains("**"), help);
    }

    /** What configuration as code exports: each constructor parameter and setter, read through its getter. */
    private static Map<String, Object> export(FlatpakRepositoryConfig r) {
        Map<String, Object> values = new LinkedHashMap<>();
        try {
            for (Parameter p : boundConstructor().getParameters()) {
                values.put(p.getName(), getter(p.getName()).invoke(r));
            }
            for (Method setter : boundSetters()) {
                String property = Character.toLowerCase(setter.getName().charAt(3)) + setter.getName().substring(4);
                values.put(property, getter(property).invoke(r));
            }
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        return values;
    }

    /** What configuration as code does on import: the constructor with its named parameters, then each setter. */
    private static FlatpakRepositoryConfig configure(Map<String, Object> values) throws ReflectiveOperationException {
        Constructor<?> k = boundConstructor();
        Object[] args = new Object[k.getParameterCount()];
        for (int i = 0; i < args.length; i++) {
            args[i] = values.get(k.getParameters()[i].getName());
        }
        FlatpakRepositoryConfig r = (FlatpakRepositoryConfig) k.newInstance(args);
        for (Method setter : boundSetters()) {
            String property = Character.toLowerCase(setter.getName().charAt(3)) + setter.getName().substring(4);
            Object value = values.get(property);
            if (value != null) {
                setter.invoke(r, value);
            }
        }
        return r;
    }

    private static Constructor<?> boundConstructor() {
        for (Constructor<?> k : FlatpakRepositoryConfig.class.getConstructors()) {
            if (k.isAnnotationPresent(DataBoundConstructor.class)) {
                for (Parameter p : k.getParameters()) {
                    assertTrue(p.isNamePresent(), "compiled without -parameters");
                }
                return k;
            }
        }
        throw new AssertionError("no @DataBoundConstructor");
    }

    private static List<Method> boundSetters() {
        List<Method> setters = new ArrayList<>();
        for (Method m : FlatpakRepositoryConfig.class.getMethods()) {
            if (m.isAnnotationPresent(DataBoundSetter.class)) {
                setters.add(m);
            }
        }
        setters.sort((a, b) -> a.getName().compareTo(b.getName()));
        return setters;
    }

    private static Method getter(String property) throws NoSuchMethodException {
        String suffix = Character.toUpperCase(property.charAt(0)) + property.substring(1);
        try {
            return FlatpakRepositoryConfig.class.getMethod("get" + suffix);
        } catch (NoSuchMethodException e) {
            return FlatpakRepositoryConfig.class.getMethod("is" + suffix);
        }
    }

    private static String resource(String name) throws IOException {
        String text = resourceOrNull(name);
        assertNotNull(text, name);
        return text;
    }

    private static String resourceOrNull(String name) throws IOException {
        try (InputStream in = FlatpakRepositoryConfig.class.getResourceAsStream("FlatpakRepositoryConfig/" + name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
