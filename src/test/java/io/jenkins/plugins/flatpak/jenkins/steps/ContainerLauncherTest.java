package io.jenkins.plugins.flatpak.jenkins.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * flatpakBuild inside a container: the step context's Launcher is decorated the way {@code container('x')} or
 * {@code withDockerContainer} decorate it, here by a wrapper every command is prefixed with, which logs its argv and
 * the run's environment and marks what it starts as "inside". Every tool the build starts on the agent goes through
 * it, with the run's environment ({@code withEnv}); and shims of the tools on the run's PATH show that no tool,
 * neither one the agent starts nor one those start (flatpak-builder's flatpak), ran outside the "container".
 */
class ContainerLauncherTest {
    private static final List<String> TOOLS = List.of("flatpak-builder", "git", "ostree", "flatpak");

    @Test
    void everyToolOnTheAgentStartsThroughTheDecoratedLauncherWithTheRunsEnvironment() throws Exception {
        Path scratch = FlatpakTestEnv.tempDir("container");
        Path wrapLog = scratch.resolve("wrap.log");
        Path shimLog = scratch.resolve("shim.log");
        Path wrapper = executable(scratch.resolve("container-exec"), "#!/bin/sh\n"
                + "printf '%s\\t%s\\n' \"${RUN_MARK:-none}\" \"$*\" >> '" + wrapLog + "'\n"
                + "IN_CONTAINER=yes exec \"$@\"\n");
        Path shims = Files.createDirectories(scratch.resolve("shims"));
        for (String tool : TOOLS) {
            String real = realPath(tool);
            executable(shims.resolve(tool), "#!/bin/sh\n"
                    + "printf '%s\\t%s\\t%s\\n' \"${IN_CONTAINER:-outside}\" \"${RUN_MARK:-none}\" '" + tool
                    + "' >> '" + shimLog + "'\n"
                    + "exec '" + real + "' \"$@\"\n");
        }
        String mark = "withEnv-" + System.nanoTime();
        Map<String, String> runEnv = new HashMap<>(StepHarness.agentEnvironment());
        runEnv.put("RUN_MARK", mark);
        runEnv.put("PATH", shims + ":" + System.getenv("PATH"));

        Path repo = FlatpakTestEnv.gitSample("hello-yaml");
        Path workspace = FlatpakTestEnv.tempDir("container-ws").resolve("workspace");
        Files.createDirectories(workspace);
        TestServices services = TestServices.create(new LocalAgentWorkspace(workspace));
        TestLauncher node = new TestLauncher();
        PrefixLauncher container = new PrefixLauncher(node, List.of(wrapper.toString()));

        BuildRecord first = build(services, repo, runEnv, container);
        // The next build finds the state dir as an interrupted build leaves it, and checks its cache with ostree.
        try (Stream<Path> locks = Files.walk(workspace.getParent().resolve(".flatpak-state"))) {
            for (Path lock : locks.filter(p -> p.getFileName().toString().equals(".pipeline.lock"))
                    .collect(Collectors.toList())) {
                Files.writeString(lock.resolveSibling(".pipeline.building"), "1");
            }
        }
        BuildRecord second = build(services, repo, runEnv, container);
        assertEquals(BuildStatus.BUILT, first.getStatus());
        assertEquals(BuildStatus.BUILT, second.getStatus());

        List<String> wrapped = Files.readAllLines(wrapLog);
        List<String> shimmed = Files.readAllLines(shimLog);
        System.out.println("through the container launcher:\n  " + String.join("\n  ", wrapped));
        Set<String> programs = wrapped.stream().map(l -> l.split("\t", 2)[1].split(" ")[0])
                .map(p -> p.substring(p.lastIndexOf('/') + 1)).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(TOOLS), programs, "the agent's tools, each through the container launcher");
        assertEquals(node.launched.size(), wrapped.size(), "every launch went through the decorator");
        assertTrue(wrapped.stream().allMatch(l -> l.startsWith(mark + "\t")), "the run's environment reached every"
                + " launch:\n" + String.join("\n", wrapped));
        assertTrue(shimmed.stream().allMatch(l -> l.equals("yes\t" + mark + "\t" + l.split("\t")[2])),
                "nothing ran outside the container, and the run's environment reached every tool:\n"
                        + String.join("\n", shimmed));
        assertTrue(shimmed.stream().anyMatch(l -> l.endsWith("\tflatpak")),
                "flatpak-builder's own flatpak ran too:\n" + String.join("\n", shimmed));
    }

    private static BuildRecord build(TestServices services, Path repo, Map<String, String> runEnv,
            PrefixLauncher container) throws Exception {
        FlatpakBuildStep step = new FlatpakBuildStep();
        step.setGitUrl(repo.toUri().toString());
        step.setGitBranch("main");
        step.setBranch("container");
        TestStepContext context = new TestStepContext(new TestRun(), new TestListener(), runEnv)
                .with(hudson.Launcher.class, container);
        StepHarness.run(new FlatpakBuildExecution(step, context, services), context);
        assertNull(context.failure(), () -> String.valueOf(context.failure()));
        return services.home().records().get((String) context.result());
    }

    private static Path executable(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private static String realPath(String tool) throws Exception {
        for (String dir : System.getenv("PATH").split(":")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p.toRealPath().toString();
            }
        }
        throw new AssertionError(tool + " is not installed");
    }
}
