package io.jenkins.plugins.flatpak.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.gpg.KeyGenerator;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import io.jenkins.plugins.flatpak.engine.record.Json;
import io.jenkins.plugins.flatpak.engine.testruntime.TestRuntime;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A runner home with its build-repo for the repository tests: hello apps built and committed through the runner,
 * signing keys in files, snapshots of a repository's files, and flatpak clients of their own.
 */
final class RunnerFixture {
    final Path home;
    final Path buildRepo;

    RunnerFixture(String prefix) {
        FlatpakTestEnv.runner(); // the runtime, in the user installation the surefire JVM points at
        home = FlatpakTestEnv.tempDir(prefix);
        buildRepo = home.resolve("build-repo");
    }

    RunnerInProcess.Result run(String... args) {
        List<String> argv = new ArrayList<>(List.of("--home", home.toString()));
        argv.addAll(Arrays.asList(args));
        RunnerInProcess.Result r = RunnerInProcess.run(argv);
        System.out.println("$ runner " + String.join(" ", args) + " -> " + r.status() + "\n" + r.err());
        return r;
    }

    /** Builds a hello app {@code appId} whose command prints {@code "<text> from <appId>"}; returns the build id. */
    String build(String appId, String text) throws IOException {
        Path dir = FlatpakTestEnv.sampleCopy("hello-yaml");
        Path manifest = dir.resolve("org.example.Hello.yml");
        Files.writeString(dir.resolve(appId + ".yml"), Files.readString(manifest)
                .replace("org.example.Hello", appId).replace("Hello from", text + " from"));
        Files.delete(manifest);
        RunnerInProcess.Result built = run("build", "--manifest", dir.resolve(appId + ".yml").toString(), "--build-repo",
                buildRepo.toString(), "--branch", "stable");
        assertEquals(0, built.status(), built.err());
        return built.lastLine();
    }

    String buildAndCommit(String appId, String text) throws IOException {
        String id = build(appId, text);
        RunnerInProcess.Result committed = run("commit", id);
        assertEquals(0, committed.status(), committed.err());
        return id;
    }

    JsonNode show(String id) throws IOException {
        return Json.MAPPER.readTree(run("show", id, "--json").out());
    }

    /** A new signing key without passphrase, written to {@code <home>/<name>.asc}. */
    Key key(String name) throws IOException {
        byte[] armored = KeyGenerator.builder(name + " <" + name + "@example.org>").rsaBits(2048).generate()
                .armoredSecretKey();
        Path file = home.resolve(name + ".asc");
        Files.write(file, armored);
        try (SigningKey key = SigningKey.parse(armored, null)) {
            return new Key(file, key.fingerprint(), key.publicKeyBinary());
        }
    }

    record Key(Path file, String fingerprint, byte[] publicKey) {
        String path() {
            return file.toString();
        }
    }

    static String appRef(String appId) {
        return "app/" + appId + "/" + FlatpakTestEnv.arch() + "/stable";
    }

    /**
     * Every file under {@code dir} (hidden ones included) with its bytes, as relative path to content: what a publish
     * could have changed. Lock files and the publish state beside a repository are left out when {@code withState}
     * is false.
     */
    static Map<String, String> snapshot(Path dir, boolean withState) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String rel = dir.relativize(p).toString();
                if (!withState && (rel.matches("\\.[^/]+\\.lock") || rel.matches("\\.[^/]+\\.publish(/.*)?"))) {
                    continue;
                }
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    files.put(rel, java.util.HexFormat.of().formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    files.put(rel + "/", "dir");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return files;
    }

    /** A flatpak user installation of its own, with the test runtime; {@link Client#dir} is its FLATPAK_USER_DIR. */
    static Client client(String prefix) {
        Path dir = FlatpakTestEnv.tempDir(prefix);
        ToolRunner runner = new ToolRunner(Map.of("FLATPAK_USER_DIR", dir.toString()));
        TestRuntime.ensureInstalled(runner, FlatpakTestEnv.runtimeWorkDir(), FlatpakTestEnv.LOG);
        return new Client(dir, runner);
    }

    record Client(Path dir, ToolRunner runner) {
        List<String> flatpak(String... args) {
            Command c = Command.of("flatpak", "--user");
            for (String a : args) {
                c.arg(a);
            }
            return runner.capture(c, FlatpakTestEnv.TOOL_TIMEOUT, FlatpakTestEnv.LOG, null).output();
        }

        /** What the app prints when run. */
        String runApp(String appId) {
            return String.join("\n", runner.capture(Command.of("flatpak", "run", "--user").option("--branch", "stable")
                    .endOfOptions().arg(appId), FlatpakTestEnv.TOOL_TIMEOUT, OutputSink.DISCARD, null).output());
        }

        /** The keyring flatpak verifies a remote with. */
        Path trustedKeys(String remote) {
            return dir.resolve("repo").resolve(remote + ".trustedkeys.gpg");
        }
    }
}
