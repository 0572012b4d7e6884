package io.jenkins.plugins.flatpak.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.manifest.Manifest;
import io.jenkins.plugins.flatpak.engine.manifest.ManifestLoader;
import io.jenkins.plugins.flatpak.runner.RunnerInProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole hostile-input corpus through the runner in this JVM ({@code Main.run}): every case refused with
 * exit status 2 naming the value, nothing written outside a failed build's own directories, no child process
 * seen, the payload never run. {@code HostileInputJarIT} runs the same corpus through the packaged jar with
 * tripwire tools on PATH, which proves "no tool ran" exactly.
 */
class HostileInputTest {
    private static HostileWorld world;
    private static CorpusRun.Worker worker;
    private static Path privateTmp;

    static final CorpusRun.Invoker IN_PROCESS = new CorpusRun.Invoker() {
        @Override
        public CorpusRun.Invocation run(List<String> argv, CorpusRun.Worker w) throws Exception {
            Cancellation cancel = new Cancellation();
            try (ChildWatch watch = new ChildWatch()) {
                CompletableFuture<RunnerInProcess.Result> f = CompletableFuture.supplyAsync(
                        () -> RunnerInProcess.run(argv, cancel));
                RunnerInProcess.Result r;
                try {
                    r = f.get(2, TimeUnit.MINUTES);
                } catch (TimeoutException e) {
                    cancel.cancel("the case took more than 2 minutes");
                    throw e;
                }
                return new CorpusRun.Invocation(r.status(), r.out(), r.err(), watch.seen());
            }
        }

        @Override
        public Path workingDirectory(CorpusRun.Worker w) {
            return Path.of("").toAbsolutePath();
        }
    };

    @BeforeAll
    static void setUp() throws IOException {
        world = HostileWorld.create("hostile-in-process");
        Path dir = world.root.resolve("worker");
        Map<String, String> vars = world.worker(dir);
        // Short, so that GnuPG homes (whose agent sockets need short paths) would be made here, where they are watched.
        privateTmp = Files.createTempDirectory(Path.of("/tmp"), "hostile-");
        List<Path> watched = new ArrayList<>(List.of(dir, privateTmp));
        watched.addAll(world.sharedDirs());
        worker = new CorpusRun.Worker(dir, Path.of(vars.get("HOME")), vars, watched);
    }

    @AfterAll
    static void removePrivateTmp() throws IOException {
        if (privateTmp != null) {
            io.jenkins.plugins.flatpak.engine.fs.Trees.delete(privateTmp); // empty unless a case left something, which the corpus reported
        }
    }

    @Test
    void everyHostileInputIsRejectedBeforeAnyToolRuns() throws IOException {
        List<HostileCase> cases = world.corpus.cases(worker.vars());
        List<CorpusRun.Outcome> outcomes = new ArrayList<>();
        String tmp = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", privateTmp.toString());
        try {
            for (HostileCase c : cases) {
                outcomes.add(CorpusRun.run(c, worker, IN_PROCESS, world.payload));
            }
        } finally {
            System.setProperty("java.io.tmpdir", tmp);
        }

        List<CorpusRun.Outcome> failed = outcomes.stream().filter(o -> !o.ok()).collect(Collectors.toList());
        failed.forEach(o -> System.out.println("FAILED " + o));
        System.out.println(CorpusRun.summary(outcomes));
        System.out.println("hostile input (in process): categories: "
                + cases.stream().collect(Collectors.groupingBy(c -> c.category().replaceFirst(" \\(.*", ""),
                        java.util.LinkedHashMap::new, Collectors.counting())));
        assertEquals(List.of(), failed.stream().map(Object::toString).collect(Collectors.toList()));
        assertTrue(cases.size() >= 300, "the corpus has " + cases.size() + " cases");
    }

    /** "No child process seen" means something only if the watch sees one that does run. */
    @Test
    void theChildWatchSeesAToolThatRuns() throws Exception {
        try (ChildWatch watch = new ChildWatch()) {
            new ProcessBuilder("sleep", "0.2").start().waitFor();
            assertTrue(watch.seen().stream().anyMatch(c -> c.contains("sleep")), String.valueOf(watch.seen()));
        }
    }

    /** A wrong-type case proves something only when the manifest is valid without its wrong field. */
    @Test
    void theWrongTypeManifestsAreValidApartFromTheirWrongField() {
        for (String scope : List.of("manifest", "module", "build-options", "extension", "source:archive", "source:git",
                "source:file", "source:dir", "source:script", "source:shell", "source:patch", "source:inline",
                "source:extra-data")) {
            Path tree = world.root.resolve("valid").resolve(HostileCorpus.slug(scope));
            ObjectNode manifest = HostileCorpus.validManifest(scope);
            HostileTrees.writeValidManifestTree(tree, manifest);
            Manifest m = ManifestLoader.load(tree, tree.resolve(HostileTrees.MANIFEST_JSON));
            assertEquals("org.example.Hostile", m.appId(), scope);
        }
    }
}
