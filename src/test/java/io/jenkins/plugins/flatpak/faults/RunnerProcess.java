package io.jenkins.plugins.flatpak.faults;

import io.jenkins.plugins.flatpak.engine.lock.Orphans;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command-line runner in a JVM of its own, as a user or a CI job starts it: the packaged jar when system
 * property {@code flatpak.runner.jar} names one (failsafe sets it), else {@code java -cp <test class path>
 * io.jenkins.plugins.flatpak.runner.Main}. Its standard output and error are collected; {@link #awaitErr}
 * waits for a line, e.g. the progress line that says a phase began, so a test can kill it inside that phase.
 */
final class RunnerProcess {
    private static final String MAIN = "io.jenkins.plugins.flatpak.runner.Main";

    final Process process;
    private final StringBuilder out = new StringBuilder();
    private final StringBuilder err = new StringBuilder();
    private final Thread outReader;
    private final Thread errReader;

    private RunnerProcess(Process process) {
        this.process = process;
        this.outReader = pump(process.getInputStream(), out);
        this.errReader = pump(process.getErrorStream(), err);
    }

    /**
     * Starts {@code java … Main --home <home> <args>}. {@code tmp} becomes the JVM's {@code java.io.tmpdir}, where
     * its private GnuPG homes go, so a test can see what a killed runner left there.
     */
    static RunnerProcess start(Path home, Path tmp, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(java());
        cmd.add("-Djava.io.tmpdir=" + tmp);
        cmd.addAll(mainClass());
        cmd.add("--home");
        cmd.add(home.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.directory(FlatpakTestEnv.projectDir().toFile());
        pb.environment().put("FLATPAK_USER_DIR", FlatpakTestEnv.userDir().toString());
        pb.environment().remove(Orphans.ENV);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Files.createDirectories(tmp);
        return new RunnerProcess(pb.start());
    }

    /** {@code java -cp <test class path> <mainClass> <args>}: a test's own program in a JVM of its own. */
    static RunnerProcess startMain(Class<?> mainClass, Path tmp, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(java());
        cmd.add("-Djava.io.tmpdir=" + tmp);
        cmd.add("-cp");
        cmd.add(testClassPath());
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove(Orphans.ENV);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Files.createDirectories(tmp);
        return new RunnerProcess(pb.start());
    }

    /** How the runner is launched here, for the report. */
    static String launcher() {
        return jar() != null ? "java -jar " + jar() : "java -cp <test class path> " + MAIN;
    }

    private static List<String> java() {
        // Small, quick-starting JVMs: sixty of them run at once on two cores.
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Xmx192m", "-XX:-UsePerfData", "-Xshare:auto");
    }

    private static List<String> mainClass() {
        Path jar = jar();
        if (jar != null) {
            return List.of("-jar", jar.toString());
        }
        return List.of("-cp", testClassPath(), MAIN);
    }

    private static String testClassPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp == null || cp.isBlank() ? System.getProperty("java.class.path") : cp;
    }

    private static Path jar() {
        String property = System.getProperty("flatpak.runner.jar");
        if (property == null || property.isBlank()) {
            return null;
        }
        Path jar = Path.of(property).toAbsolutePath();
        return Files.isRegularFile(jar) ? jar : null;
    }

    /** Waits until standard output holds {@code text}; false when the process exited or time ran out first. */
    boolean awaitOut(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (out().contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                outReader.join(2000);
                return out().contains(text);
            }
            Thread.sleep(5);
        }
        return false;
    }

    /** Waits until standard error holds {@code text}; false when the process exited or time ran out first. */
    boolean awaitErr(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (err) {
                if (err.indexOf(text) >= 0) {
                    return true;
                }
            }
            if (!process.isAlive()) {
                errReader.join(2000);
                synchronized (err) {
                    return err.indexOf(text) >= 0;
                }
            }
            Thread.sleep(5);
        }
        return false;
    }

    /** Waits until a line of standard error matches {@code pattern}; its first group, or null. */
    String awaitErr(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = pattern.matcher(err());
            if (m.find()) {
                return m.group(1);
            }
            if (!process.isAlive()) {
                errReader.join(2000);
                Matcher last = pattern.matcher(err());
                return last.find() ? last.group(1) : null;
            }
            Thread.sleep(5);
        }
        return null;
    }

    /** SIGKILL to the runner's JVM only, as a crash or the OOM killer would; its tools are left running. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("runner did not finish in " + timeout + ": " + err());
        }
        outReader.join(5000);
        errReader.join(5000);
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    String out() {
        synchronized (out) {
            return out.toString();
        }
    }

    String err() {
        synchronized (err) {
            return err.toString();
        }
    }

    /** The last line of standard output (the runner prints a build id or {@code <id> <status>} there). */
    String lastLine() {
        String[] lines = out().strip().split("\n");
        return lines[lines.length - 1].trim();
    }

    private static Thread pump(InputStream in, StringBuilder into) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (into) {
                        into.append(line).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // the process was killed
            }
        }, "runner output");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
