package io.jenkins.plugins.flatpak.engine.gpg;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolResult;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A test-side GnuPG home, separate from the {@link GpgHome} under test: to look at keys the way gpg
 * sees them, to verify signatures with public keys only, and to make keys with gpg itself.
 */
final class ScratchGpg implements AutoCloseable {
    static final ToolRunner RUNNER = new ToolRunner();
    static final Duration TIMEOUT = Duration.ofMinutes(2);

    final Path home;

    ScratchGpg() throws IOException {
        home = Files.createTempDirectory(Paths.get("/tmp"), "gpgtest-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    Command gpg(String... args) {
        Command c = Command.of("gpg", "--batch", "--no-tty").option("--homedir", home.toString());
        for (String a : args) {
            c.arg(a);
        }
        return c;
    }

    /** Standard output lines; fails the test when gpg fails. */
    List<String> capture(Command c) {
        return RUNNER.capture(c, TIMEOUT, OutputSink.DISCARD, null).output();
    }

    /** Exit code, with stdout then stderr lines (gpg writes --status-fd=1 lines to stdout). */
    ToolResult captureAny(Command c, List<String> stderr) {
        return RUNNER.captureAccepting(c, TIMEOUT, stderr::add, null, Set.of(0, 1, 2));
    }

    /** {@code gpg --with-colons --import-options show-only --import}: what gpg reads from a key, importing nothing. */
    List<String> showOnly(byte[] key) {
        return capture(gpg("--with-colons", "--import-options", "show-only", "--import").stdin(key));
    }

    void importKey(byte[] key) {
        RUNNER.run(gpg("--import").stdin(key), TIMEOUT, OutputSink.DISCARD, null);
    }

    /** Lines of a --with-colons listing whose first field is {@code type}, split into fields. */
    static List<String[]> records(List<String> colons, String type) {
        List<String[]> out = new ArrayList<>();
        for (String line : colons) {
            String[] f = line.split(":", -1);
            if (f[0].equals(type)) {
                out.add(f);
            }
        }
        return out;
    }

    /** The fingerprint record that follows the first record of {@code type}. */
    static String fingerprintAfter(List<String> colons, String type) {
        boolean seen = false;
        for (String line : colons) {
            String[] f = line.split(":", -1);
            if (f[0].equals(type)) {
                seen = true;
            } else if (seen && f[0].equals("fpr")) {
                return f[9];
            }
        }
        throw new AssertionError("no " + type + " fingerprint in " + colons);
    }

    @Override
    public void close() throws IOException {
        try {
            RUNNER.run(Command.of("gpgconf").option("--homedir", home.toString()).arg("--kill").arg("all"),
                    TIMEOUT, OutputSink.DISCARD, null);
        } finally {
            GnupgDaemons.stop(home);
            TempDirs.deleteRecursively(home);
        }
    }

    /** The failure message names no secret: neither the passphrase nor any line of the armored key. */
    static void assertNoSecrets(String message, byte[] armoredKey, char[] passphrase) {
        if (passphrase != null && passphrase.length > 0) {
            assertFalse(message.contains(new String(passphrase)), "message shows the passphrase: " + message);
        }
        if (armoredKey != null) {
            for (String line : new String(armoredKey, StandardCharsets.ISO_8859_1).split("\r?\n")) {
                if (!line.isBlank()) {
                    assertFalse(message.contains(line.strip()), "message shows a line of the key: " + message);
                }
            }
        }
    }

    /** Processes whose command line mentions {@code text}, read from /proc like ps does. */
    static List<String> processesMentioning(String text) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Paths.get("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                if (!p.getFileName().toString().matches("\\d+")) {
                    continue;
                }
                byte[] cmdline;
                try {
                    cmdline = Files.readAllBytes(p.resolve("cmdline"));
                } catch (IOException gone) {
                    continue;
                }
                String line = new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' ');
                if (line.contains(text)) {
                    found.add(p.getFileName() + ": " + line.strip());
                }
            }
        }
        return found;
    }
}
