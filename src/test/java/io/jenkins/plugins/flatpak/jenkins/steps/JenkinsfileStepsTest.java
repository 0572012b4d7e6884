package io.jenkins.plugins.flatpak.jenkins.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * Every Flatpak step call in the Jenkinsfile, the README and docs/*.md names a step that exists, passes only
 * parameters the step binds ({@code @DataBoundConstructor} parameters and {@code @DataBoundSetter}s, by the names
 * compiled into the classes) and every parameter it requires.
 */
class JenkinsfileStepsTest {
    private static final List<Class<? extends Step>> STEPS = List.of(FlatpakValidateStep.class, FlatpakBuildStep.class,
            FlatpakCommitStep.class, FlatpakPublishStep.class);

    /** Function name to the step's bindable parameters (required ones first, as the constructor has them). */
    static Map<String, StepParameters> steps() throws Exception {
        Map<String, StepParameters> byName = new TreeMap<>();
        for (Class<? extends Step> type : STEPS) {
            Class<?> descriptor = Class.forName(type.getName() + "$DescriptorImpl");
            String function = ((StepDescriptor) descriptor.getConstructor().newInstance()).getFunctionName();
            byName.put(function, StepParameters.of(type));
        }
        return byName;
    }

    record StepParameters(List<String> required, Set<String> all) {
        static StepParameters of(Class<?> type) {
            List<String> required = new ArrayList<>();
            Set<String> all = new LinkedHashSet<>();
            int constructors = 0;
            for (Constructor<?> c : type.getConstructors()) {
                if (c.isAnnotationPresent(DataBoundConstructor.class)) {
                    constructors++;
                    for (Parameter p : c.getParameters()) {
                        assertTrue(p.isNamePresent(), "compiled with -parameters: " + c);
                        required.add(p.getName());
                    }
                }
            }
            assertEquals(1, constructors, type + " has one @DataBoundConstructor");
            all.addAll(required);
            for (Method m : type.getMethods()) {
                if (m.isAnnotationPresent(DataBoundSetter.class)) {
                    assertTrue(m.getName().startsWith("set") && m.getParameterCount() == 1, m.toString());
                    String n = m.getName().substring(3);
                    all.add(n.substring(0, 1).toLowerCase(Locale.ROOT) + n.substring(1));
                }
            }
            return new StepParameters(required, all);
        }
    }

    static List<StepCalls.Call> documentedCalls() throws IOException {
        Path project = FlatpakTestEnv.projectDir();
        List<StepCalls.Call> calls = new ArrayList<>(StepCalls.find(
                StepCalls.withoutComments(read(project.resolve("Jenkinsfile"))), "Jenkinsfile"));
        List<Path> markdown = new ArrayList<>();
        if (Files.exists(project.resolve("README.md"))) {
            markdown.add(project.resolve("README.md"));
        }
        if (Files.isDirectory(project.resolve("docs"))) {
            try (Stream<Path> docs = Files.list(project.resolve("docs"))) {
                docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(markdown::add);
            }
        }
        for (Path md : markdown) {
            calls.addAll(StepCalls.find(StepCalls.withoutComments(StepCalls.codeBlocks(read(md))),
                    project.relativize(md).toString()));
        }
        return calls;
    }

    @Test
    void everyDocumentedCallUsesRealStepsAndParameters() throws Exception {
        Map<String, StepParameters> steps = steps();
        assertEquals(Set.of("flatpakValidate", "flatpakBuild", "flatpakCommit", "flatpakPublish"), steps.keySet());
        List<String> problems = new ArrayList<>();
        for (StepCalls.Call call : documentedCalls()) {
            StepParameters p = steps.get(call.step());
            for (String name : call.named()) {
                if (!p.all().contains(name)) {
                    problems.add(call.where() + ": " + call.step() + " has no parameter '" + name + "' (it has " + p.all() + ")");
                }
            }
            if (call.positional()) {
                if (p.required().size() != 1) {
                    problems.add(call.where() + ": " + call.step() + " takes no unnamed argument");
                }
            } else if (!call.named().containsAll(p.required())) {
                problems.add(call.where() + ": " + call.step() + " needs " + p.required() + ", the call passes " + call.named());
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void theJenkinsfileUsesEveryStepOnTheSamples() throws Exception {
        String jenkinsfile = read(FlatpakTestEnv.projectDir().resolve("Jenkinsfile"));
        List<StepCalls.Call> calls = StepCalls.find(StepCalls.withoutComments(jenkinsfile), "Jenkinsfile");
        Set<String> used = new LinkedHashSet<>();
        calls.forEach(c -> used.add(c.step()));
        assertEquals(steps().keySet(), used, "the Jenkinsfile shows every step");
        for (String sample : List.of("hello-yaml", "greeter-json", "polyglot-locale")) {
            assertTrue(jenkinsfile.contains("dir('test-repos/" + sample + "')"), sample);
            assertTrue(Files.isDirectory(FlatpakTestEnv.sample(sample)), sample);
        }
        for (String manifest : List.of("hello-yaml/org.example.Hello.yml", "polyglot-locale/org.example.Polyglot.yml")) {
            String file = manifest.substring(manifest.indexOf('/') + 1);
            assertTrue(jenkinsfile.contains("manifest: '" + file + "'"), manifest);
            assertTrue(Files.isRegularFile(FlatpakTestEnv.projectDir().resolve("test-repos").resolve(manifest)), manifest);
        }
    }

    /**
     * The example publishes from a plain Pipeline job (which has no branch: {@code BRANCH_NAME} is unset, so
     * {@code branch 'main'} alone never holds there) and from main in a multibranch project, but not from other
     * branches or pull requests.
     */
    @Test
    void thePublishStageRunsInAPlainJobAndOnMainOnly() throws Exception {
        String when = DeclarativeWhen.whenOfStage(StepCalls.withoutComments(
                read(FlatpakTestEnv.projectDir().resolve("Jenkinsfile"))), "Publish");
        assertTrue(DeclarativeWhen.runs(when, Map.of()), "a plain Pipeline job publishes; when {" + when + "}");
        assertTrue(DeclarativeWhen.runs(when, Map.of("BRANCH_NAME", "main")), "multibranch: main publishes");
        assertEquals(false, DeclarativeWhen.runs(when, Map.of("BRANCH_NAME", "feature/x")), "another branch does not");
        assertEquals(false, DeclarativeWhen.runs(when, Map.of("BRANCH_NAME", "PR-7", "CHANGE_ID", "7",
                "CHANGE_TARGET", "main")), "a pull request does not");
        // the evaluator itself: the old condition was false in a plain job
        assertEquals(false, DeclarativeWhen.runs(" branch 'main' ", Map.of()));
        assertEquals(true, DeclarativeWhen.runs("anyOf { branch 'rel-*'; not { changeRequest() } }",
                Map.of("BRANCH_NAME", "rel-2")));
    }

    @Test
    void theCallFinderReadsEveryForm() {
        List<StepCalls.Call> calls = StepCalls.find(String.join("\n",
                "flatpakBuild manifest: 'a.yml', gitUrl: 'https://x/y.git',",
                "    branch: \"b:c\"",
                "def id = flatpakBuild(appId: 'org.example.A', timeout: 5)",
                "flatpakCommit()",
                "flatpakCommit buildId: id",
                "flatpakPublish 'beta'",
                "flatpakPublish(repo: 'beta', gpgCredentialsId: 'k')",
                "echo 'flatpakBuild is a step' // flatpakPublish nightly",
                "/* flatpakCommit buildId: x */ flatpakCommit buildId: 'y'").transform(StepCalls::withoutComments), "t");
        assertEquals(List.of(
                new StepCalls.Call("flatpakBuild", List.of("manifest", "gitUrl", "branch"), false, "t:1"),
                new StepCalls.Call("flatpakBuild", List.of("appId", "timeout"), false, "t:3"),
                new StepCalls.Call("flatpakCommit", List.of(), false, "t:4"),
                new StepCalls.Call("flatpakCommit", List.of("buildId"), false, "t:5"),
                new StepCalls.Call("flatpakPublish", List.of(), true, "t:6"),
                new StepCalls.Call("flatpakPublish", List.of("repo", "gpgCredentialsId"), false, "t:7"),
                new StepCalls.Call("flatpakCommit", List.of("buildId"), false, "t:9")), calls);
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
