package io.jenkins.plugins.flatpak.engine.testruntime;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.Names;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A minimal offline flatpak runtime and SDK made from host binaries (bash, coreutils, sed, … and the libraries
 * they load), for tests and demos that must build and run flatpaks without a network. Both are exported into an
 * OSTree repository under a work directory, added as the {@code --user} remote {@value #REMOTE} without GPG, and
 * installed into the user installation that the runner's environment selects (FLATPAK_USER_DIR).
 *
 * <p>Manifests use {@code runtime: io.jenkins.flatpak.test.Platform}, {@code sdk: io.jenkins.flatpak.test.Sdk},
 * {@code runtime-version: '1.0'}; build commands run in bash (also {@code /bin/sh}); applications are scripts.
 */
public final class TestRuntime {
    public static final String PLATFORM = "io.jenkins.flatpak.test.Platform";
    public static final String SDK = "io.jenkins.flatpak.test.Sdk";
    public static final String BRANCH = "1.0";
    public static final String REMOTE = "flatpak-pipeline-test";

    /** Bump when the layout changes in a way the recipes do not show, so existing installs are rebuilt. */
    private static final int LAYOUT_VERSION = 1;
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final Map<Path, Object> MONITORS = new ConcurrentHashMap<>();

    private TestRuntime() {
    }

    /**
     * Makes sure both runtimes are installed in the runner's user installation. Fast when they already are
     * (three short flatpak calls, no lock); otherwise builds them into {@code workDir} (unless its repository
     * already holds the same content) and installs them. Safe to call from several threads and JVMs at once:
     * they serialise on a lock file in {@code workDir}.
     *
     * @param runner  a runner whose environment sets FLATPAK_USER_DIR (or the default user installation is used)
     * @param workDir holds the runtime build directories, the repository and the lock file
     */
    public static void ensureInstalled(ToolRunner runner, Path workDir, OutputSink log) {
        OutputSink out = log == null ? OutputSink.DISCARD : log;
        String arch = defaultArch(runner);
        String fingerprint = fingerprint(arch);
        UserInstallation installation = new UserInstallation(runner, out);
        Path dir = workDir.toAbsolutePath().normalize();
        // The repository must be there too: builds may use the remote (flatpak-builder --install-deps-from).
        if (fingerprint.equals(repositoryFingerprint(dir)) && installed(installation, arch, fingerprint)) {
            return;
        }
        synchronized (MONITORS.computeIfAbsent(dir, d -> new Object())) {
            try {
                Files.createDirectories(dir);
                try (FileChannel channel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE)) {
                    // Blocks while another JVM holds it; this JVM's threads are kept apart by the monitor.
                    FileLock lock = channel.lock();
                    try {
                        installLocked(runner, installation, dir, arch, fingerprint, out);
                    } finally {
                        lock.release();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("test runtime in " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    /** {@code flatpak --default-arch}, for example {@code x86_64}. */
    public static String defaultArch(ToolRunner runner) {
        List<String> out = runner.capture(Command.of("flatpak", "--default-arch"), TIMEOUT, OutputSink.DISCARD, null)
                .output();
        return Names.arch(out.isEmpty() ? null : out.get(0).trim());
    }

    /** {@code runtime/<id>/<arch>/1.0}. */
    public static String ref(String id, String arch) {
        return "runtime/" + id + "/" + Names.arch(arch) + "/" + BRANCH;
    }

    /** The OSTree repository inside {@code workDir} that the {@value #REMOTE} remote points at. */
    public static Path repository(Path workDir) {
        return workDir.toAbsolutePath().normalize().resolve("repo");
    }

    /** Command line: {@code TestRuntime <workDir>} installs into the user installation FLATPAK_USER_DIR selects. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: TestRuntime <work-dir>   (FLATPAK_USER_DIR selects the installation)");
            System.exit(2);
        }
        String userDir = System.getenv("FLATPAK_USER_DIR");
        ToolRunner runner = new ToolRunner(userDir == null ? Map.of() : Map.of("FLATPAK_USER_DIR", userDir));
        ensureInstalled(runner, Path.of(args[0]), System.out::println);
    }

    private static void installLocked(ToolRunner runner, UserInstallation installation, Path dir, String arch,
            String fingerprint, OutputSink log) throws IOException {
        boolean repositoryCurrent = fingerprint.equals(repositoryFingerprint(dir));
        // Another JVM or thread may have finished the job while this one waited.
        if (repositoryCurrent && installed(installation, arch, fingerprint)) {
            return;
        }
        Path repo = repository(dir);
        if (!repositoryCurrent) {
            buildAndExport(runner, dir, arch, fingerprint, log);
        }
        long start = System.nanoTime();
        installation.addRemote(REMOTE, repo);
        installation.installOrUpdate(REMOTE, List.of(ref(PLATFORM, arch), ref(SDK, arch)));
        log.line("test runtime: installed in " + millis(start, System.nanoTime()) + " ms");
        if (!installed(installation, arch, fingerprint)) {
            throw new FlatpakException("test runtime: installed " + PLATFORM + " and " + SDK + " from "
                    + Names.quote(repo.toString()) + " but flatpak does not show them");
        }
    }

    private static boolean installed(UserInstallation installation, String arch, String fingerprint) {
        for (String id : List.of(PLATFORM, SDK)) {
            Optional<Path> location = installation.location(id + "/" + arch + "/" + BRANCH);
            if (location.isEmpty()) {
                return false;
            }
            Path stamp = location.get().resolve("files").resolve(RuntimeTree.FINGERPRINT_FILE);
            try {
                if (!Files.isRegularFile(stamp)
                        || !Files.readString(stamp, StandardCharsets.UTF_8).trim().equals(fingerprint)) {
                    return false;
                }
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private static void buildAndExport(ToolRunner runner, Path dir, String arch, String fingerprint, OutputSink log)
            throws IOException {
        log.line("test runtime: building " + PLATFORM + " and " + SDK + " (" + arch + ") from host binaries");
        Path repo = repository(dir);
        if (!Files.isDirectory(repo)) {
            // Only ever pulled through file://, so uncompressed objects: export takes half the time of archive mode.
            runner.run(Command.of("ostree", "init", "--mode=bare-user-only").option("--repo", repo.toString()),
                    TIMEOUT, log, null);
        }
        RuntimeTree tree = new RuntimeTree(runner, HostPrograms.fromEnvironment(), log);
        for (RuntimeRecipe recipe : List.of(RuntimeRecipe.PLATFORM, RuntimeRecipe.SDK)) {
            Path build = dir.resolve(recipe == RuntimeRecipe.PLATFORM ? "platform" : "sdk");
            long start = System.nanoTime();
            tree.build(build, recipe, arch, fingerprint);
            long laidOut = System.nanoTime();
            runner.run(Command.of("flatpak", "build-export", "--runtime", "--no-update-summary", "--disable-fsync")
                    .option("--arch", arch)
                    .option("--subject", recipe.id() + " test runtime " + fingerprint)
                    .positional(repo.toString()).positional(build.toString()).positional(BRANCH),
                    TIMEOUT, log, null);
            log.line("test runtime: " + recipe.id() + " laid out in " + millis(start, laidOut) + " ms, exported in "
                    + millis(laidOut, System.nanoTime()) + " ms");
            FileTrees.deleteRecursively(build);
        }
        runner.run(Command.of("flatpak", "build-update-repo").positional(repo.toString()), TIMEOUT, log, null);
        Files.writeString(dir.resolve("repo.fingerprint"), fingerprint + "\n", StandardCharsets.UTF_8);
    }

    private static long millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }

    /** The fingerprint of what the repository holds, or null when there is no complete repository. */
    private static String repositoryFingerprint(Path dir) {
        Path file = dir.resolve("repo.fingerprint");
        if (!Files.isRegularFile(file) || !Files.isRegularFile(repository(dir).resolve("config"))) {
            return null;
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return null;
        }
    }

    static String fingerprint(String arch) {
        String description = "layout " + LAYOUT_VERSION + "\narch " + arch + "\n" + RuntimeRecipe.PLATFORM.describe()
                + "\n" + RuntimeRecipe.SDK.describe();
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(description.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
