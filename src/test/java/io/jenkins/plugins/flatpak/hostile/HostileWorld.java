package io.jenkins.plugins.flatpak.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jenkins.plugins.flatpak.engine.Engine;
import io.jenkins.plugins.flatpak.engine.EngineConfig;
import io.jenkins.plugins.flatpak.engine.build.BuildSpec;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.gpg.KeyGenerator;
import io.jenkins.plugins.flatpak.engine.record.BuildRecord;
import io.jenkins.plugins.flatpak.engine.record.BuildStatus;
import io.jenkins.plugins.flatpak.engine.record.RecordStore;
import io.jenkins.plugins.flatpak.runner.RunnerInProcess;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Everything the corpus needs: fixtures that must never change (sample app, git repository, a directory
 * "outside" every source tree, signing keys good and bad, the manifest cases' trees), a build-repo and a home
 * with a build in every state made by the real tools, and workers: homes of their own (a copy of the records)
 * with target paths no case may create.
 */
final class HostileWorld {
    static final String PASSPHRASE = "Quartz-Heron-" + Long.toHexString(new SecureRandom().nextLong());

    final Path root;
    final Path fixtures;
    final Path setupHome;
    final Path buildRepo;
    final Path published;
    final Path payload;
    final Map<String, String> vars = new LinkedHashMap<>();
    final HostileCorpus corpus;

    private HostileWorld(Path root) {
        this.root = root;
        this.fixtures = mkdirs(root.resolve("fixtures"));
        this.setupHome = mkdirs(root.resolve("setup-home"));
        this.buildRepo = root.resolve("build-repo");
        this.published = root.resolve("published");
        this.payload = root.resolve("PAYLOAD-RAN");
        Path hello = FlatpakTestEnv.sampleCopy("hello-yaml");
        Path helloDir = copyTree(hello, fixtures.resolve("hello"));
        Path git = FlatpakTestEnv.gitSample("hello-yaml");
        Path outside = mkdirs(fixtures.resolve("outside"));
        write(outside.resolve("secret.txt"), "a file no build may read\n");
        write(outside.resolve("mod.json"), "{\"name\": \"outside\", \"buildsystem\": \"simple\", \"build-commands\": [\"true\"]}");
        write(outside.resolve(HostileTrees.MANIFEST_JSON), "{" + HostileTrees.HEAD + ", \"modules\": []}");

        vars.put("HEAD", HostileTrees.HEAD);
        vars.put("PAYLOAD", payload.toString());
        vars.put("PAYLOAD_MODULE", HostileTrees.payloadModule(payload));
        vars.put("OUTSIDE", outside.toString());
        vars.put("HELLO_DIR", helloDir.toString());
        vars.put("HELLO", helloDir.resolve("org.example.Hello.yml").toString());
        vars.put("GIT_URL", git.toUri().toString());
        vars.put("BUILD_REPO", buildRepo.toString());
        vars.put("A300", "a".repeat(300));
        vars.put("A64", "a".repeat(64));
        writeKeys(mkdirs(fixtures.resolve("keys")));
        this.corpus = HostileCorpus.load(mkdirs(fixtures.resolve("trees")), vars);
    }

    /** A world under the test work directory, with the state builds made by the real tools. */
    static HostileWorld create(String name) {
        FlatpakTestEnv.runner(); // the test runtime, in the user installation this JVM (and the runner) uses
        HostileWorld world = new HostileWorld(FlatpakTestEnv.tempDir(name));
        world.recordStates();
        return world;
    }

    /** A worker's directory: a home holding a copy of the records, and room for target repositories. */
    Map<String, String> worker(Path dir) {
        Path home = mkdirs(dir.resolve("home"));
        copyTree(setupHome.resolve("records"), home.resolve("records"));
        mkdirs(dir.resolve("repos"));
        Map<String, String> w = new LinkedHashMap<>(vars);
        w.put("WORKER", dir.toString());
        w.put("HOME", home.toString());
        w.put("REPO", dir.resolve("repos").resolve("beta").toString());
        w.put("OTHER_REPO", dir.resolve("repos").resolve("other").toString());
        return w;
    }

    /** Directories a worker's cases may not change, apart from the worker's own. */
    List<Path> sharedDirs() {
        return List.of(fixtures, buildRepo, published);
    }

    private void recordStates() {
        String hello = vars.get("HELLO");
        String built = build(hello);
        String committed = build(hello);
        runOk("commit", committed);
        String published = build(hello);
        runOk("commit", published);
        runOk("publish", published, "--repo", this.published.resolve("beta").toString());

        Path badTree = mkdirs(root.resolve("setup-bad-manifest"));
        write(badTree.resolve(HostileTrees.MANIFEST_JSON), "{\"id\": \"org.example.1Bad\", \"modules\": 5}");
        RunnerInProcess.Result bad = runner("build", "--manifest", badTree.resolve(HostileTrees.MANIFEST_JSON).toString(),
                "--build-repo", buildRepo.toString());
        assertEquals(2, bad.status(), bad.err());
        RecordStore store = new RecordStore(setupHome);
        String failed = store.list().stream().filter(r -> r.getStatus() == BuildStatus.FAILED).findFirst()
                .orElseThrow().getId();

        Engine engine = new Engine(new EngineConfig(setupHome, buildRepo, setupHome.resolve("work"), new ToolRunner()));
        BuildSpec spec = BuildSpec.fromDirectory(vars.get("HELLO_DIR"), "org.example.Hello.yml");
        String created = engine.createBuild(spec).getId();
        String building = engine.createBuild(spec).getId();
        engine.beginBuild(building); // owned by this JVM, which is alive: nothing may take it over
        String cancelled = engine.createBuild(spec).getId();
        engine.cancel(cancelled, "cancelled by the hostile-input setup");

        vars.put("BUILT", built);
        vars.put("COMMITTED", committed);
        vars.put("PUBLISHED", published);
        vars.put("FAILED", failed);
        vars.put("CREATED", created);
        vars.put("BUILDING", building);
        vars.put("CANCELLED", cancelled);
        Map<String, BuildStatus> expected = Map.of(built, BuildStatus.BUILT, committed, BuildStatus.COMMITTED,
                published, BuildStatus.PUBLISHED, failed, BuildStatus.FAILED, created, BuildStatus.CREATED,
                building, BuildStatus.BUILDING, cancelled, BuildStatus.CANCELLED);
        for (BuildRecord r : store.list()) {
            assertEquals(expected.get(r.getId()), r.getStatus(), "setup record " + r.getId());
        }
    }

    private String build(String manifest) {
        RunnerInProcess.Result r = runner("build", "--manifest", manifest, "--build-repo", buildRepo.toString(),
                "--branch", "stable");
        assertEquals(0, r.status(), r.err());
        return r.lastLine();
    }

    private void runOk(String... args) {
        RunnerInProcess.Result r = runner(args);
        assertEquals(0, r.status(), r.err());
    }

    private RunnerInProcess.Result runner(String... args) {
        List<String> argv = new ArrayList<>(List.of("--home", setupHome.toString()));
        argv.addAll(List.of(args));
        return RunnerInProcess.run(argv);
    }

    private void writeKeys(Path keys) {
        vars.put("KEYS", keys.toString());
        KeyGenerator.GeneratedKey protectedKey = KeyGenerator.builder("Hostile <hostile@example.org>").rsaBits(2048)
                .passphrase(PASSPHRASE.toCharArray()).generate();
        key(keys, "KEY_PROTECTED", "protected.asc", protectedKey.armoredSecretKey());
        key(keys, "PASS_RIGHT", "right.txt", (PASSPHRASE + "\n").getBytes(StandardCharsets.UTF_8));
        key(keys, "PASS_WRONG", "wrong.txt", "Not-The-Passphrase\n".getBytes(StandardCharsets.UTF_8));
        key(keys, "PASS_EMPTY", "empty.txt", "\n".getBytes(StandardCharsets.UTF_8));
        key(keys, "KEY_PUBLIC", "public.asc", protectedKey.armoredPublicKey());
        key(keys, "KEY_EXPIRED", "expired.asc", KeyGenerator.builder("Expired <expired@example.org>").rsaBits(2048)
                .createdAt(Instant.now().minus(Duration.ofDays(30))).expiresAfter(Duration.ofDays(1)).generate()
                .armoredSecretKey());
        key(keys, "KEY_CERTIFY_ONLY", "certify-only.asc", KeyGenerator.builder("Certify <certify@example.org>")
                .rsaBits(2048).primaryMaySign(false).generate().armoredSecretKey());
        key(keys, "KEY_ENCRYPT_ONLY", "encrypt-only.asc", KeyGenerator.builder("Encrypt <encrypt@example.org>")
                .rsaBits(2048).primaryMaySign(false).encryptionSubkey(true).generate().armoredSecretKey());
        key(keys, "KEY_REVOKED", "revoked.asc", KeyGenerator.builder("Revoked <revoked@example.org>").rsaBits(2048)
                .revoked(true).generate().armoredSecretKey());
        key(keys, "KEY_GARBAGE_TEXT", "garbage.asc", "this is not a key; $(touch x)\n".getBytes(StandardCharsets.UTF_8));
        key(keys, "KEY_GARBAGE_ARMOR", "garbage-armor.asc", ("-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n"
                + "bm90IGEga2V5IGF0IGFsbA==\n=AAAA\n-----END PGP PRIVATE KEY BLOCK-----\n").getBytes(StandardCharsets.UTF_8));
        byte[] random = new byte[4096];
        new SecureRandom().nextBytes(random);
        random[0] = (byte) 0x95;
        key(keys, "KEY_GARBAGE_BINARY", "garbage.bin", random);
        byte[] armored = protectedKey.armoredSecretKey();
        key(keys, "KEY_TRUNCATED", "truncated.asc", java.util.Arrays.copyOf(armored, armored.length / 2));
        key(keys, "KEY_EMPTY", "empty.asc", new byte[0]);
        byte[] other = KeyGenerator.builder("Other <other@example.org>").rsaBits(2048).generate().armoredSecretKey();
        byte[] two = new byte[armored.length + other.length];
        System.arraycopy(armored, 0, two, 0, armored.length);
        System.arraycopy(other, 0, two, armored.length, other.length);
        key(keys, "KEY_TWO", "two.asc", two);
        key(keys, "KEY_HUGE", "huge.asc", new byte[2 * 1024 * 1024]);
    }

    private void key(Path dir, String var, String file, byte[] content) {
        try {
            Files.write(dir.resolve(file), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        vars.put(var, dir.resolve(file).toString());
    }

    static Path mkdirs(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String text) {
        HostileCorpus.writeString(file, text);
    }

    static Path copyTree(Path from, Path to) {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }
}
