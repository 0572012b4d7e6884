package io.jenkins.plugins.flatpak.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.flatpak.engine.gpg.GpgHome;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import io.jenkins.plugins.flatpak.engine.repo.PublicFiles;
import io.jenkins.plugins.flatpak.testing.FlatpakTestEnv;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a web server serves from a published repository is readable as the umask allows (0644 files with umask 0022,
 * 0640 with 0027): the {@code .flatpakrepo}, the {@code .gpg} and everything in the repository directory. The
 * publish runs in a runner process started with that umask. GnuPG homes stay private (0700, nothing inside readable by
 * others) whatever the umask.
 */
class PublicFileModesTest {
    private static final RunnerFixture FIXTURE = new RunnerFixture("modes");

    @ParameterizedTest
    @ValueSource(strings = {"0022", "0027"})
    void publicFilesFollowTheUmaskAndGnupgHomesStayPrivate(String umaskText) throws Exception {
        int umask = Integer.parseInt(umaskText, 8);
        String appId = "org.example.Modes" + umaskText.substring(2);
        String id = FIXTURE.buildAndCommit(appId, "modes");
        RunnerFixture.Key key = FIXTURE.key("modes" + umaskText);
        Path repos = FIXTURE.home.resolve("repos-" + umaskText);
        Files.createDirectories(repos);
        Path repo = repos.resolve("stable");

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of("sh", "-c", "umask " + umaskText + " && exec \"$0\" \"$@\"",
                java.toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--home", FIXTURE.home.toString(), "publish", id, "--repo", repo.toString(), "--gpg-key", key.path()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), output);

        int file = 0666 & ~umask;
        int dir = 0777 & ~umask;
        assertEquals(file, mode(repos.resolve("stable.flatpakrepo")), "stable.flatpakrepo");
        assertEquals(file, mode(repos.resolve("stable.gpg")), "stable.gpg");
        List<String> tooPrivate = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(repo)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                boolean isDir = Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS);
                int readable = (isDir ? 0555 : 0444) & (isDir ? dir : file);
                String rel = repo.relativize(path).toString();
                if (rel.equals(".lock") || rel.equals("tmp") || rel.startsWith("tmp/")) {
                    continue; // ostree's own lock and scratch space, which clients never fetch
                }
                if (!Files.isSymbolicLink(path) && (mode(path) & readable) != readable) {
                    tooPrivate.add(repo.relativize(path) + " " + Integer.toOctalString(mode(path)));
                }
            }
        }
        assertEquals(List.of(), tooPrivate, "everything served from the repository is readable as umask " + umaskText
                + " allows");

        try (SigningKey signing = SigningKey.parse(Files.readAllBytes(key.file()), null);
                GpgHome home = GpgHome.open(signing, FlatpakTestEnv.runner())) {
            assertEquals(0700, mode(home.homedir()));
            try (Stream<Path> walk = Files.walk(home.homedir())) {
                List<String> open = walk.filter(f -> !f.equals(home.homedir()) && (mode(f) & 0077) != 0
                        && !Files.isSymbolicLink(f)).map(f -> f + " " + Integer.toOctalString(mode(f))).toList();
                // inside a 0700 directory nothing is reachable by others; gpg still keeps the key files 0600
                assertTrue(open.stream().noneMatch(f -> f.contains("private-keys")), open.toString());
            }
        }
    }

    private static int mode(Path path) {
        try {
            return PublicFiles.mode(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
