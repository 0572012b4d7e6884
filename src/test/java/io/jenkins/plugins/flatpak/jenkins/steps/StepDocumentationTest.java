package io.jenkins.plugins.flatpak.jenkins.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Snippet Generator documents every step parameter: each has a field in the step's {@code config.jelly} and
 * a {@code help-<param>.html}, and the form has no field the step does not bind.
 */
class StepDocumentationTest {
    private static final Pattern FIELD = Pattern.compile("field=\"([^\"]+)\"");

    @ParameterizedTest
    @ValueSource(classes = {FlatpakValidateStep.class, FlatpakBuildStep.class, FlatpakCommitStep.class, FlatpakPublishStep.class})
    void everyParameterHasAFormFieldAndHelp(Class<?> step) throws IOException {
        Set<String> parameters = JenkinsfileStepsTest.StepParameters.of(step).all();
        String config = resource(step, "config.jelly");
        assertTrue(config.startsWith("<?jelly escape-by-default='true'?>"), "escape-by-default in config.jelly");
        Set<String> fields = new TreeSet<>();
        Matcher m = FIELD.matcher(config);
        while (m.find()) {
            fields.add(m.group(1));
        }
        assertEquals(new TreeSet<>(parameters), fields, step.getSimpleName() + "/config.jelly");
        for (String p : parameters) {
            String help = resource(step, "help-" + p + ".html");
            assertTrue(help.strip().startsWith("<div>") && help.length() > 60, step.getSimpleName() + " help-" + p);
        }
        assertTrue(resource(step, "help.html").contains("<p>"), step.getSimpleName() + "/help.html");
    }

    private static String resource(Class<?> step, String name) throws IOException {
        try (InputStream in = step.getResourceAsStream(step.getSimpleName() + "/" + name)) {
            assertNotNull(in, step.getSimpleName() + "/" + name + " is missing");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
