package io.jenkins.plugins.flatpak.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hostile-input corpus through the packaged runner ({@code java -jar flatpak-pipeline.jar}, system property
 * {@code flatpak.runner.jar}), each case in a process whose PATH holds only tripwires: scripts named like every
 * tool the engine may start (flatpak-builder, flatpak, ostree, git, gpg, ...) that log their own start and fail.
 * An empty tripwire log proves no tool ran; any other program would fail to start, which the exit status shows.
 * The child's HOME, TMPDIR, java.io.tmpdir and working directory are watched directories of the case.
 */
class HostileInputJarIT {
    private static final List<String> TOOLS = List.of("flatpak-builder", "flatpak", "ostree", "git", "gpg", "gpg2",
            "gpgconf", "gpg-agent", "gpg-connect-agent", "rofiles-fuse", "fusermount", "fusermount3", "bwrap", "ssh",
            "sh", "bash", "cp", "tar", "curl", "wget", "appstreamcli", "appstream-compose");
    private static final int WORKERS = Math.max(2, Runtime.getRuntime().availableProcessors());
    /**
     * Each case costs a JVM start here, so of the wrong-type manifests (148 cases taking one code path, all run in
     * process by HostileInputTest) every {@value}th is run unless system property flatpak.hostile.all is true.
     */
    private static final int FIELD_SAMPLE = 4;

    private static HostileWorld world;
    private static Path jar;
    private static Path tripwires;
    private static final List<Path> childTmps = new ArrayList<>();

    @BeforeAll
    static void setUp() throws IOException {
        jar = Path.of(System.getProperty("flatpak.runner.jar", "target/flatpak-pipeline.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "built runner jar at " + jar);
        world = HostileWorld.create("hostile-jar");
        tripwires = HostileWorld.mkdirs(world.root.resolve("tripwires"));
        for (String tool : TOOLS) {
            Path script = tripwires.resolve(tool);
            Files.writeString(script, "#!/bin/sh\nprintf '%s\\n' \"$0 $*\" >> \"${TRIPWIRE_LOG:-/dev/null}\"\nexit 97\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @AfterAll
    static void removeChildTmps() throws IOException {
        for (Path t : childTmps) {
            io.jenkins.plugins.flatpak.engine.fs.Trees.delete(t); // empty unless a case left something, which the corpus reported
        }
    }

    /** A worker with a home, a child HOME, a short child temp dir and a working directory of its own. */
    private static CorpusRun.Worker worker(int n) throws IOException {
        Path dir = world.root.resolve("worker-" + n);
        Map<String, String> vars = world.worker(dir);
        HostileWorld.mkdirs(dir.resolve("child-home"));
        HostileWorld.mkdirs(dir.resolve("cwd"));
        Path tmp = Files.createTempDirectory(Path.of("/tmp"), "hostile-jar-");
        childTmps.add(tmp);
        vars.put("CHILD_TMP", tmp.toString());
        List<Path> watched = new ArrayList<>(List.of(dir, tmp));
        watched.addAll(world.sharedDirs());
        return new CorpusRun.Worker(dir, Path.of(vars.get("HOME")), vars, watched);
    }

    private static final CorpusRun.Invoker JAR = new CorpusRun.Invoker() {
        @Override
        public CorpusRun.Invocation run(List<String> argv, CorpusRun.Worker w) throws Exception {
            Path logs = HostileWorld.mkdirs(world.root.resolve("outputs"));
            String name = w.dir().getFileName().toString();
            Path tripwireLog = logs.resolve(name + ".tripwire");
            Path out = logs.resolve(name + ".out");
            Path err = logs.resolve(name + ".err");
            Files.deleteIfExists(tripwireLog);
            String tmp = w.vars().get("CHILD_TMP");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Djava.io.tmpdir=" + tmp,
                    "-jar", jar.toString()));
            command.addAll(argv);
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().clear();
            pb.environment().put("PATH", tripwires.toString());
            pb.environment().put("HOME", w.dir().resolve("child-home").toString());
            pb.environment().put("TMPDIR", tmp);
            pb.environment().put("LC_ALL", "C.UTF-8");
            pb.environment().put("FLATPAK_USER_DIR", FlatpakTestEnv.userDir().toString());
            pb.environment().put("TRIPWIRE_LOG", tripwireLog.toString());
            pb.directory(workingDirectory(w).toFile());
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.redirectOutput(out.toFile());
            pb.redirectError(err.toFile());
            Process p = pb.start();
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalStateException("the runner took more than 2 minutes");
            }
            List<String> tools = Files.exists(tripwireLog) ? Files.readAllLines(tripwireLog) : List.of();
            return new CorpusRun.Invocation(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), tools);
        }

        @Override
        public Path workingDirectory(CorpusRun.Worker w) {
            return w.dir().resolve("cwd");
        }
    };

    @Test
    void everyHostileInputIsRejectedBeforeAnyToolRuns() throws Exception {
        List<CorpusRun.Worker> workers = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            workers.add(worker(i));
        }
        boolean all = Boolean.getBoolean("flatpak.hostile.all");
        List<List<HostileCase>> slices = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            slices.add(new ArrayList<>());
        }
        int notPassable = 0;
        int sampledOut = 0;
        int fieldCase = 0;
        int next = 0;
        List<List<HostileCase>> perWorker = new ArrayList<>();
        for (CorpusRun.Worker w : workers) {
            perWorker.add(world.corpus.cases(w.vars()));
        }
        for (int k = 0; k < perWorker.get(0).size(); k++) {
            HostileCase c = perWorker.get(0).get(k);
            boolean field = c.category().contains("wrong type");
            if (!c.passableToAProcess()) {
                notPassable++;
            } else if (field && !all && fieldCase++ % FIELD_SAMPLE != 0) {
                sampledOut++;
            } else {
                int w = next++ % WORKERS;
                slices.get(w).add(perWorker.get(w).get(k));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        List<Future<List<CorpusRun.Outcome>>> futures = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            CorpusRun.Worker w = workers.get(i);
            List<HostileCase> slice = slices.get(i);
            futures.add(pool.submit(() -> slice.stream().map(c -> CorpusRun.run(c, w, JAR, world.payload))
                    .collect(Collectors.toList())));
        }
        List<CorpusRun.Outcome> outcomes = new ArrayList<>();
        for (Future<List<CorpusRun.Outcome>> f : futures) {
            outcomes.addAll(f.get(60, TimeUnit.MINUTES));
        }
        pool.shutdown();

        List<CorpusRun.Outcome> failed = outcomes.stream().filter(o -> !o.ok()).collect(Collectors.toList());
        failed.forEach(o -> System.out.println("FAILED " + o));
        System.out.println(CorpusRun.summary(outcomes));
        System.out.println("hostile input (runner jar, tripwires on PATH): not run here: " + notPassable
                + " cases with a NUL, which no process"
                + " argument can carry, and " + sampledOut + " wrong-type manifests left out of the sample"
                + " (-Dflatpak.hostile.all=true runs them); all of them run in process in HostileInputTest");
        assertEquals(List.of(), failed.stream().map(Object::toString).collect(Collectors.toList()));
        assertTrue(outcomes.size() >= (all ? 390 : 280), "the corpus has " + outcomes.size() + " cases");
    }

    /** An empty tripwire log means something only if a tool that does run writes to it. */
    @Test
    void theTripwiresCatchAToolThatRuns() throws Exception {
        CorpusRun.Worker w = worker(WORKERS);
        List<String> argv = new ArrayList<>(List.of("--home", w.home().toString(), "build", "--manifest",
                world.vars.get("HELLO"), "--build-repo", w.dir().resolve("build-repo").toString()));
        CorpusRun.Invocation r = JAR.run(argv, w);
        assertEquals(1, r.status(), r.err());
        assertTrue(r.toolsStarted().stream().anyMatch(t -> t.contains("flatpak")), r.toolsStarted() + "\n" + r.err());
    }
}
