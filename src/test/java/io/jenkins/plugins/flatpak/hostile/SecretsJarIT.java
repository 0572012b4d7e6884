package io.jenkins.plugins.flatpak.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.fs.Trees;
import io.jenkins.plugins.flatpak.engine.gpg.KeyGenerator;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A full build, commit and signed publish through the packaged runner with a passphrase-protected key, watched
 * from outside: while it runs, the command line and environment of every process on the machine are sampled;
 * afterwards every file of the runner's home, the build-repo, the published repository, the child's HOME,
 * temporary directory and working directory, its output, and any GnuPG home left in /tmp, are read. None may
 * hold the passphrase or the key's secret material, raw, in hex or in Base64; and no GnuPG daemon may be left.
 */
class SecretsJarIT {
    private static final Set<String> DAEMONS = Set.of("gpg-agent", "scdaemon", "dirmngr", "keyboxd");

    private record Run(int status, String out, String err) {
    }

    @Test
    void aSignedBuildAndPublishLeaveTheKeyAndPassphraseNowhere() throws Exception {
        Path jar = Path.of(System.getProperty("flatpak.runner.jar", "target/flatpak-pipeline.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "built runner jar at " + jar);
        FlatpakTestEnv.runner();
        Path root = FlatpakTestEnv.tempDir("secrets");
        Path tmp = Files.createTempDirectory(Path.of("/tmp"), "hostile-secrets-"); // short: GnuPG sockets live here
        try {
            signedRunLeavesNoSecret(jar, root, tmp);
        } finally {
            Trees.delete(tmp); // checked empty by the test; a failed run may have left a GnuPG home with the key
        }
    }

    private void signedRunLeavesNoSecret(Path jar, Path root, Path tmp) throws Exception {
        Path inputs = HostileWorld.mkdirs(root.resolve("inputs"));
        Path home = root.resolve("home");
        Path buildRepo = root.resolve("build-repo");
        Path repos = HostileWorld.mkdirs(root.resolve("repos"));
        Path repo = repos.resolve("stable");
        Path childHome = HostileWorld.mkdirs(root.resolve("child-home"));
        Path cwd = HostileWorld.mkdirs(root.resolve("cwd"));
        Path outputs = HostileWorld.mkdirs(root.resolve("outputs"));

        String passphrase = "Velvet-Osprey-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        KeyGenerator.GeneratedKey key = KeyGenerator.builder("Secrets <secrets@example.org>")
                .passphrase(passphrase.toCharArray()).signingSubkey(true).generate();
        Path keyFile = inputs.resolve("signing-key.asc");
        Path passFile = inputs.resolve("passphrase.txt");
        Path wrongFile = inputs.resolve("wrong.txt");
        Files.write(keyFile, key.armoredSecretKey());
        Files.writeString(passFile, passphrase + "\n");
        Files.writeString(wrongFile, "Wrong-" + passphrase.substring(0, 6) + "\n");
        SecretNeedles needles = SecretNeedles.of(passphrase, key.armoredSecretKey());
        checkTheNeedles(needles, passphrase, key);

        Path manifest = FlatpakTestEnv.sampleCopy("hello-yaml").resolve("org.example.Hello.yml");
        Run published;
        Run wrong;
        ProcSampler sampler = new ProcSampler(needles, tmp.toString());
        try {
            published = jar(jar, outputs, "run", tmp, childHome, cwd, "--home", home.toString(), "run", "--manifest",
                    manifest.toString(), "--build-repo", buildRepo.toString(), "--repo", repo.toString(), "--branch",
                    "stable", "--gpg-key", keyFile.toString(), "--gpg-passphrase-file", passFile.toString());
            wrong = jar(jar, outputs, "wrong", tmp, childHome, cwd, "--home", home.toString(), "run", "--manifest",
                    manifest.toString(), "--build-repo", buildRepo.toString(), "--repo", repos.resolve("other").toString(),
                    "--gpg-key", keyFile.toString(), "--gpg-passphrase-file", wrongFile.toString());
        } finally {
            sampler.close();
        }
        assertEquals(0, published.status(), published.err());
        String id = published.out().strip();
        Run show = jar(jar, outputs, "show", tmp, childHome, cwd, "--home", home.toString(), "show", id, "--json");
        Run log = jar(jar, outputs, "log", tmp, childHome, cwd, "--home", home.toString(), "log", id);
        assertEquals(2, wrong.status(), wrong.err());
        assertTrue(wrong.err().contains("is wrong"), wrong.err());
        assertTrue(show.out().contains("\"published\""), show.out());
        assertTrue(log.out().contains("signed by " + key.fingerprint()), "the publish did sign: " + log.out());
        assertTrue(Files.isRegularFile(repo.resolve("summary.sig")), "the summary is signed");
        assertTrue(Files.readString(repos.resolve("stable.flatpakrepo")).contains("GPGKey="), "the public key is published");

        // The sampling watched the signing tools at work: GnuPG's agent and the signing commands ran in the run's
        // temporary directory while the command lines and environments were being read.
        List<String> marked = sampler.marked();
        assertTrue(sampler.rounds() > 20, "sampled " + sampler.rounds() + " times");
        assertTrue(marked.stream().anyMatch(c -> c.contains("gpg-agent")), "saw gpg-agent: " + marked);
        assertTrue(marked.stream().anyMatch(c -> c.contains("--gpg-sign=")), "saw a signing command: " + marked);
        assertEquals(List.of(), sampler.leaks(), "secrets in a command line or environment");

        List<Path> scanned = new ArrayList<>();
        List<String> found = new ArrayList<>();
        for (Path dir : scanRoots(home, buildRepo, repos, childHome, cwd, outputs, tmp)) {
            scan(dir, needles, scanned, found);
        }
        for (Run r : List.of(published, wrong, show, log)) {
            needles.foundIn((r.out() + r.err()).getBytes(StandardCharsets.UTF_8)).forEach(w -> found.add(w + " in output"));
        }
        System.out.println("secrets: " + needles.all().size() + " needles, " + scanned.size() + " files scanned, "
                + sampler.rounds() + " samples of every process's command line and environment, "
                + (found.size() + sampler.leaks().size()) + " leaks");
        assertEquals(List.of(), found, "secrets in files or output");
        assertTrue(scanned.stream().anyMatch(p -> p.endsWith("record.json")), "scanned the records");
        assertTrue(scanned.stream().anyMatch(p -> p.endsWith("publish.log")), "scanned the publish log");
        assertFalse(Files.exists(childHome.resolve(".gnupg")), "gpg never used the default home");
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.collect(Collectors.toList()), "the private GnuPG homes are gone");
        }
        assertEquals(List.of(), daemonsMentioning(List.of(tmp.toString(), childHome.toString(), home.toString())),
                "GnuPG daemons left running");
    }

    /** The scanner finds what it should (a Base64 form at an odd alignment) and not the public key. */
    private static void checkTheNeedles(SecretNeedles needles, String passphrase, KeyGenerator.GeneratedKey key) {
        assertTrue(needles.all().size() > 40, "needles: " + needles.all().size());
        String embedded = "prefix " + Base64.getEncoder().encodeToString(("xy" + passphrase + "\n").getBytes(StandardCharsets.UTF_8));
        assertFalse(needles.foundIn(embedded.getBytes(StandardCharsets.UTF_8)).isEmpty(), "Base64 at alignment 2 is found");
        assertTrue(needles.foundIn(key.armoredSecretKey()).stream().anyMatch(w -> w.contains("armored export")),
                "the armored export itself is found");
        assertEquals(List.of(), needles.foundIn(key.armoredPublicKey()), "the public key is no secret");
        byte[] publicBinary;
        try (java.io.InputStream in = new org.bouncycastle.bcpg.ArmoredInputStream(
                new java.io.ByteArrayInputStream(key.armoredPublicKey()))) {
            publicBinary = in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertEquals(List.of(), needles.foundIn(Base64.getEncoder().encodeToString(publicBinary)
                .getBytes(StandardCharsets.US_ASCII)), "the public key as a .flatpakrepo carries it is no secret");
    }

    private static Run jar(Path jar, Path outputs, String name, Path tmp, Path childHome, Path cwd, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv("PATH"));
        pb.environment().put("HOME", childHome.toString());
        pb.environment().put("TMPDIR", tmp.toString());
        pb.environment().put("LC_ALL", "C.UTF-8");
        pb.environment().put("FLATPAK_USER_DIR", FlatpakTestEnv.userDir().toString());
        pb.directory(cwd.toFile());
        Path out = outputs.resolve(name + ".out");
        Path err = outputs.resolve(name + ".err");
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(name + " did not finish");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** The run's directories, and every GnuPG home in /tmp (one of ours would be a leak even if others are not). */
    private static List<Path> scanRoots(Path... dirs) throws IOException {
        List<Path> roots = new ArrayList<>(List.of(dirs));
        try (Stream<Path> s = Files.list(Path.of("/tmp"))) {
            s.filter(p -> p.getFileName().toString().startsWith("flatpak-gpg-")).forEach(roots::add);
        }
        return roots;
    }

    private static void scan(Path root, SecretNeedles needles, List<Path> scanned, List<String> found) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    byte[] content;
                    try {
                        content = Files.readAllBytes(file);
                    } catch (NoSuchFileException e) {
                        return FileVisitResult.CONTINUE;
                    }
                    scanned.add(file);
                    needles.foundIn(content).forEach(w -> found.add(w + " in " + file));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // a GnuPG home of another test, removed meanwhile
            }
        });
    }

    /** GnuPG daemons still alive whose command line names one of {@code dirs}, after a grace period. */
    private static List<String> daemonsMentioning(List<String> dirs) throws InterruptedException {
        List<String> left = List.of();
        for (int i = 0; i < 100; i++) {
            left = ProcessHandle.allProcesses().filter(ProcessHandle::isAlive).filter(p -> {
                String cmd = p.info().command().orElse("");
                return DAEMONS.contains(cmd.substring(cmd.lastIndexOf('/') + 1));
            }).map(p -> p.pid() + " " + p.info().commandLine().orElse("")).filter(c -> dirs.stream().anyMatch(c::contains))
                    .collect(Collectors.toList());
            if (left.isEmpty()) {
                return left;
            }
            Thread.sleep(100);
        }
        return left;
    }
}
