package io.jenkins.plugins.flatpak.jenkins.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.AbortException;
import io.jenkins.plugins.flatpak.engine.manifest.ManifestReport;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code flatpakValidate} on the test doubles: the manifest is read where the workspace is (the callable goes over
 * the wire), the report is on the console, a refusal fails the step with every problem, and the step returns what
 * was read. No tool runs, so no runtime is needed.
 */
class FlatpakValidateStepTest {
    private static final Pattern FIELD = Pattern.compile("field=\"([^\"]+)\"");
    private static final Pattern LOCALIZED = Pattern.compile("\\$\\{%([^}]*)}");

    @Test
    void validatesTheWorkspaceManifestAndReturnsWhatItRead() throws Exception {
        Path workspace = FlatpakTestEnv.sampleCopy("hello-yaml");
        LocalAgentWorkspace agent = new LocalAgentWorkspace(workspace);
        FlatpakValidateStep step = new FlatpakValidateStep();
        step.setManifest("org.example.Hello.yml");
        TestListener console = new TestListener();
        TestStepContext context = run(step, agent, console);

        assertNull(context.failure(), () -> String.valueOf(context.failure()));
        assertEquals(1, agent.calls.get(), "read on the agent, once");
        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) context.result();
        assertEquals("org.example.Hello.yml", value.get("manifest"));
        assertEquals("org.example.Hello", value.get("id"));
        assertEquals("app", value.get("kind"));
        assertEquals("io.jenkins.flatpak.test.Platform//1.0", value.get("runtime"));
        assertEquals("io.jenkins.flatpak.test.Sdk//1.0", value.get("sdk"));
        assertEquals("master", value.get("branch"));
        assertEquals("hello", value.get("command"));
        assertEquals(Map.of("x86_64", List.of("hello"), "aarch64", List.of("hello")), value.get("buildOrder"));
        assertEquals(List.of(), value.get("warnings"));
        String text = console.text();
        assertTrue(text.contains("[flatpak] verdict:  accepted"), text);
        assertTrue(text.contains("[flatpak] runtime:  io.jenkins.flatpak.test.Platform//1.0"), text);
        assertTrue(text.contains("[flatpak]   - hello (simple)"), text);
    }

    /** Without a manifest path, the one in the workspace; with several, the one of the app id. */
    @Test
    void findsTheManifestAsFlatpakBuildDoes() throws Exception {
        Path workspace = FlatpakTestEnv.tempDir("validate-find");
        Files.createDirectories(workspace.resolve("build-aux/flatpak"));
        Files.writeString(workspace.resolve("build-aux/flatpak/org.example.One.json"), "{\"id\": \"org.example.One\","
                + " \"runtime\": \"org.example.Platform//23.08\", \"sdk\": \"org.example.Sdk//23.08\", \"modules\": []}");
        Files.writeString(workspace.resolve("org.example.Two.yml"), "id: org.example.Two\nruntime: org.example.Platform\n"
                + "sdk: org.example.Sdk\nbogus: 1\nmodules: []\n");
        LocalAgentWorkspace agent = new LocalAgentWorkspace(workspace);

        TestStepContext several = run(new FlatpakValidateStep(), agent, new TestListener());
        assertInstanceOf(AbortException.class, several.failure());
        assertTrue(several.failure().getMessage().startsWith("several flatpak manifests found in"),
                several.failure().getMessage());

        FlatpakValidateStep one = new FlatpakValidateStep();
        one.setAppId("org.example.One");
        TestStepContext found = run(one, agent, new TestListener());
        assertNull(found.failure(), () -> String.valueOf(found.failure()));
        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) found.result();
        assertEquals("build-aux/flatpak/org.example.One.json", value.get("manifest"));
        assertEquals("org.example.Platform//23.08", value.get("runtime"));

        FlatpakValidateStep two = new FlatpakValidateStep();
        two.setAppId("org.example.Two");
        two.setArch("i386");
        TestListener console = new TestListener();
        TestStepContext warned = run(two, agent, console);
        assertNull(warned.failure(), () -> String.valueOf(warned.failure()));
        @SuppressWarnings("unchecked")
        Map<String, Object> v = (Map<String, Object>) warned.result();
        assertEquals(List.of("org.example.Two.yml: bogus: unknown manifest property: flatpak-builder ignores it"),
                v.get("warnings"));
        assertEquals(Map.of("i386", List.of()), v.get("buildOrder"));
        assertTrue(console.text().contains("[flatpak]   - org.example.Two.yml: bogus: unknown manifest property"),
                console.text());
    }

    @Test
    void aRefusedManifestFailsTheStepListingEveryProblem() throws Exception {
        Path workspace = FlatpakTestEnv.tempDir("validate-refused");
        Files.writeString(workspace.resolve("org.example.Bad.json"), "{\"id\": \"org.example.Bad\", \"sdk\": 7,"
                + " \"modules\": [{\"name\": \"m\", \"sources\": [{\"type\": \"file\", \"path\": \"../../etc/passwd\"}]}]}");
        FlatpakValidateStep step = new FlatpakValidateStep();
        step.setManifest("org.example.Bad.json");
        TestListener console = new TestListener();
        TestStepContext context = run(step, new LocalAgentWorkspace(workspace), console);

        Throwable failure = context.failure();
        assertInstanceOf(AbortException.class, failure);
        assertEquals(String.join("\n",
                "manifest 'org.example.Bad.json' is refused: 3 problems",
                "  - org.example.Bad.json: runtime: missing: the manifest must set its runtime (flatpak-builder refuses"
                        + " it: runtime not specified)",
                "  - org.example.Bad.json: sdk: expected a string, found the integer 7 (quote it to make it text):"
                        + " flatpak-builder ignores the value, and then the manifest has no sdk (flatpak-builder refuses"
                        + " it: sdk not specified)",
                "  - org.example.Bad.json: modules[0].sources[0].path: '../../etc/passwd': the path leads outside the"
                        + " source tree"), failure.getMessage());
        assertTrue(console.text().contains("[flatpak] verdict:  refused"), console.text());
    }

    @Test
    void parametersAreCheckedBeforeTheAgentIsAsked() throws Exception {
        LocalAgentWorkspace agent = new LocalAgentWorkspace(FlatpakTestEnv.sampleCopy("hello-yaml"));
        FlatpakValidateStep step = new FlatpakValidateStep();
        step.setManifest("../../etc/passwd");
        TestStepContext context = run(step, agent, new TestListener());
        assertInstanceOf(AbortException.class, context.failure());
        assertTrue(context.failure().getMessage().contains("'../../etc/passwd'"), context.failure().getMessage());

        FlatpakValidateStep arch = new FlatpakValidateStep();
        arch.setArch("x86_64;rm");
        TestStepContext badArch = run(arch, agent, new TestListener());
        assertTrue(badArch.failure().getMessage().contains("'x86_64;rm'"), badArch.failure().getMessage());
        assertEquals(0, agent.calls.get());
    }

    /** After a controller restart the execution is read back and simply validates again. */
    @Test
    void aRestartedExecutionValidatesAgain() throws Exception {
        LocalAgentWorkspace agent = new LocalAgentWorkspace(FlatpakTestEnv.sampleCopy("greeter-json"));
        TestServices services = TestServices.create(agent);
        FlatpakValidateStep step = new FlatpakValidateStep();
        TestStepContext context = new TestStepContext(new TestRun(), new TestListener(), Map.of());
        FlatpakValidateExecution execution = StepHarness.restarted(new FlatpakValidateExecution(step, context, services),
                services);
        execution.onResume();
        context.await(StepHarness.BUILD_TIMEOUT);
        assertNull(context.failure(), () -> String.valueOf(context.failure()));
        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) context.result();
        assertEquals("org.example.Greeter", value.get("id"));
    }

    /** The report travels from the agent to the controller. */
    @Test
    void theReportIsSerializable() throws Exception {
        Path workspace = FlatpakTestEnv.sampleCopy("greeter-json");
        ManifestReport report = new AgentValidateCallable(null, null, null).invoke(workspace.toFile(), null);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(report);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            ManifestReport back = (ManifestReport) in.readObject();
            assertEquals(report, back);
            assertEquals(report.text(), back.text());
        }
    }

    /** The Snippet Generator documents every parameter; the form binds only the step's parameters. */
    @Test
    void everyParameterHasAFormFieldAndHelp() throws IOException {
        Set<String> parameters = JenkinsfileStepsTest.StepParameters.of(FlatpakValidateStep.class).all();
        assertEquals(Set.of("manifest", "appId", "arch"), parameters);
        String config = resource("config.jelly");
        assertTrue(config.startsWith("<?jelly escape-by-default='true'?>"), "escape-by-default in config.jelly");
        Set<String> fields = new TreeSet<>();
        Matcher m = FIELD.matcher(config);
        while (m.find()) {
            fields.add(m.group(1));
        }
        assertEquals(new TreeSet<>(parameters), fields);
        Matcher l = LOCALIZED.matcher(config);
        while (l.find()) {
            assertFalse(l.group(1).matches(".*[(),'].*"), "no ( ) ' , inside ${%...}: " + l.group(1));
        }
        for (String p : parameters) {
            String help = resource("help-" + p + ".html");
            assertTrue(help.strip().startsWith("<div>") && help.length() > 60, "help-" + p);
        }
        assertTrue(resource("help.html").contains("<p>"), "help.html");
        assertEquals("flatpakValidate", new FlatpakValidateStep.DescriptorImpl().getFunctionName());
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = FlatpakValidateStep.class.getResourceAsStream("FlatpakValidateStep/" + name)) {
            assertNotNull(in, "FlatpakValidateStep/" + name + " is missing");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static TestStepContext run(FlatpakValidateStep step, LocalAgentWorkspace agent, TestListener console)
            throws Exception {
        TestServices services = TestServices.create(agent);
        TestStepContext context = new TestStepContext(new TestRun(), console, Map.of());
        return StepHarness.run(new FlatpakValidateExecution(step, context, services), context);
    }
}
