package io.jenkins.plugins.flatpak.testing;

import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.testruntime.TestRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Map;

/**
 * The shared environment of every test that drives the real flatpak tools.
 *
 * <ul>
 *   <li>{@link #workDir()}: system property {@code flatpak.test.work} (surefire sets it to
 *       {@code <build dir>/flatpak-test}), else {@code target/flatpak-test};</li>
 *   <li>{@link #runner()}: a {@link ToolRunner} whose FLATPAK_USER_DIR is {@link #userDir()}, where the offline
 *       test runtime ({@link TestRuntime}) is installed once per JVM, on first use;</li>
 *   <li>{@link #isolatedRunner()}: the same, but a user installation of its own, for tests that install apps;</li>
 *   <li>{@link #sampleCopy}, {@link #gitSample}: fresh copies of the sample apps in {@code test-repos/}.</li>
 * </ul>
 */
public final class FlatpakTestEnv {
    public static final Duration TOOL_TIMEOUT = Duration.ofMinutes(5);
    /** Prints tool output to the test's standard output, where surefire keeps it. */
    public static final OutputSink LOG = line -> System.out.println("  | " + line);

    private static ToolRunner sharedRunner;
    private static String arch;

    private FlatpakTestEnv() {
    }

    public static Path workDir() {
        String property = System.getProperty("flatpak.test.work");
        Path dir = property == null || property.isBlank() ? Path.of("target", "flatpak-test") : Path.of(property);
        return createDirectories(dir.toAbsolutePath().normalize());
    }

    /** The project directory: system property {@code flatpak.project.dir}, else the current directory. */
    public static Path projectDir() {
        String property = System.getProperty("flatpak.project.dir");
        return (property == null || property.isBlank() ? Path.of("") : Path.of(property)).toAbsolutePath().normalize();
    }

    /** Where {@link TestRuntime} keeps its build directories and repository. */
    public static Path runtimeWorkDir() {
        return workDir().resolve("test-runtime");
    }

    /** The FLATPAK_USER_DIR of {@link #runner()}. */
    public static Path userDir() {
        return workDir().resolve("flatpak-user");
    }

    /** A runner for the shared user installation, with the test runtime installed. */
    public static synchronized ToolRunner runner() {
        if (sharedRunner == null) {
            long start = System.nanoTime();
            ToolRunner runner = new ToolRunner(Map.of("FLATPAK_USER_DIR", userDir().toString()));
            TestRuntime.ensureInstalled(runner, runtimeWorkDir(), LOG);
            System.out.printf("flatpak test runtime ready in %s (%d ms)%n", userDir(),
                    (System.nanoTime() - start) / 1_000_000);
            sharedRunner = runner;
        }
        return sharedRunner;
    }

    /**
     * A runner for a new, empty user installation of its own with the test runtime installed (no rebuild: it
     * comes from the same repository, well under a second). Use it when a test installs apps, so tests cannot
     * collide on installed refs or remote names.
     */
    public static ToolRunner isolatedRunner() {
        runner(); // builds the runtime repository once, under the JVM-wide lock
        Path dir = tempDir("flatpak-user");
        ToolRunner isolated = new ToolRunner(Map.of("FLATPAK_USER_DIR", dir.toString()));
        TestRuntime.ensureInstalled(isolated, runtimeWorkDir(), LOG);
        return isolated;
    }

    /** {@code flatpak --default-arch}, asked once. */
    public static synchronized String arch() {
        if (arch == null) {
            arch = TestRuntime.defaultArch(new ToolRunner());
        }
        return arch;
    }

    /** The original sample directory {@code test-repos/<sampleDir>}; do not modify it, use {@link #sampleCopy}. */
    public static Path sample(String sampleDir) {
        Path dir = projectDir().resolve("test-repos").resolve(sampleDir).normalize();
        if (!dir.startsWith(projectDir().resolve("test-repos")) || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no sample " + sampleDir + " in " + projectDir().resolve("test-repos"));
        }
        return dir;
    }

    /** A copy of {@code test-repos/<sampleDir>} in a fresh temporary directory, returned. */
    public static Path sampleCopy(String sampleDir) {
        Path source = sample(sampleDir);
        Path target = tempDir(sampleDir).resolve(sampleDir);
        try {
            copyTree(source, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy sample " + sampleDir, e);
        }
        return target;
    }

    /**
     * A copy of the sample made into a git repository (branch {@code main}) with everything in one commit.
     * Returns the repository's working directory.
     */
    public static Path gitSample(String sampleDir) {
        Path repo = sampleCopy(sampleDir);
        ToolRunner git = new ToolRunner(Map.of(
                "GIT_AUTHOR_NAME", "Flatpak Test", "GIT_AUTHOR_EMAIL", "flatpak-test@example.org",
                "GIT_COMMITTER_NAME", "Flatpak Test", "GIT_COMMITTER_EMAIL", "flatpak-test@example.org",
                "GIT_CONFIG_NOSYSTEM", "1"));
        git.run(Command.of("git", "init", "--quiet", "--initial-branch=main").directory(repo), TOOL_TIMEOUT, LOG, null);
        git.run(Command.of("git", "add", "--all").directory(repo), TOOL_TIMEOUT, LOG, null);
        git.run(Command.of("git", "-c", "commit.gpgsign=false", "commit", "--quiet")
                .option("--message", "Import sample " + sampleDir).directory(repo), TOOL_TIMEOUT, LOG, null);
        return repo;
    }

    /** A new empty directory under {@link #workDir()}{@code /tmp}, kept after the run for inspection. */
    public static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(createDirectories(workDir().resolve("tmp")), prefix + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory", e);
        }
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                        LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
