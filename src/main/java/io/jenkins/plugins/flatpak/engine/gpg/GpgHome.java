package io.jenkins.plugins.flatpak.engine.gpg;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.exec.Command;
import io.jenkins.plugins.flatpak.engine.exec.OutputSink;
import io.jenkins.plugins.flatpak.engine.exec.ToolResult;
import io.jenkins.plugins.flatpak.engine.exec.ToolRunner;
import io.jenkins.plugins.flatpak.engine.lock.Orphans;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A private, temporary GnuPG home holding one signing key (or several that all sign), so gpg, ostree and flatpak can sign without
 * asking anything. The key is imported from stdin already stripped of its passphrase, so the passphrase
 * never reaches gpg, a command line or a file. {@link #close()} stops the gpg-agent the import started
 * and deletes the directory.
 */
public final class GpgHome implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofMinutes(2);
    static final String PREFIX = "flatpak-gpg-";
    /** Unix socket paths hold at most 107 bytes; gpg-agent puts its sockets in the home directory. */
    private static final int MAX_SOCKET_PATH = 107;
    private static final String LONGEST_SOCKET = "/S.gpg-agent.browser";
    /** The random part of a home's name: 8 base-36 characters, where createTempDirectory would use up to 20. */
    private static final int RANDOM_CHARS = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path homedir;
    /** The ids of the keys that sign, the first one the main signer. */
    private final List<String> keyIds;
    private final ToolRunner runner;
    private final AtomicBoolean agentStopped = new AtomicBoolean();

    private GpgHome(Path homedir, List<String> keyIds, ToolRunner runner) {
        this.homedir = homedir;
        this.keyIds = List.copyOf(keyIds);
        this.runner = runner;
    }

    /** A home under {@code java.io.tmpdir} (or /tmp when that path is too long for gpg-agent's sockets). */
    public static GpgHome open(SigningKey key, ToolRunner runner) {
        return open(key, runner, Paths.get(System.getProperty("java.io.tmpdir")));
    }

    /** A home in {@code parent}, which must exist (or in /tmp when {@code parent} is too long for agent sockets). */
    public static GpgHome open(SigningKey key, ToolRunner runner, Path parent) {
        return open(List.of(key), runner, parent);
    }

    /**
     * A home holding several keys that all sign, e.g. a repository's new key and the key it replaces while clients
     * learn the new one: {@link #addSignOptions} names each of them, so ostree and flatpak add one signature per key.
     */
    public static GpgHome open(List<SigningKey> keys, ToolRunner runner) {
        return open(keys, runner, Paths.get(System.getProperty("java.io.tmpdir")));
    }

    static GpgHome open(List<SigningKey> keys, ToolRunner runner, Path parent) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no signing key");
        }
        GpgHome home = new GpgHome(createPrivateDir(parent), keys.stream().map(SigningKey::keyId).toList(), runner);
        try {
            for (SigningKey key : keys) {
                byte[] secret = key.unprotectedSecretRing();
                try {
                    home.importKey(secret, key.keyId());
                } finally {
                    Arrays.fill(secret, (byte) 0);
                }
            }
            return home;
        } catch (RuntimeException e) {
            try {
                home.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** A home with the secret ring given as it is (tests give one that does not hold {@code keyId}). */
    static GpgHome open(byte[] secretRing, String keyId, ToolRunner runner, Path parent) {
        GpgHome home = new GpgHome(createPrivateDir(parent), List.of(keyId), runner);
        try {
            home.importKey(secretRing, keyId);
            return home;
        } catch (RuntimeException e) {
            try {
                home.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    public Path homedir() {
        return homedir;
    }

    /** What {@code --gpg-sign=} takes: the id of the (first) key that signs. */
    public String keyId() {
        return keyIds.get(0);
    }

    /** The ids of every key that signs, the main one first. */
    public List<String> keyIds() {
        return keyIds;
    }

    /** Adds {@code --gpg-sign=<keyId>} per key and {@code --gpg-homedir=<dir>} (ostree, flatpak, flatpak-builder). */
    public void addSignOptions(Command command) {
        keyIds.forEach(id -> command.option("--gpg-sign", id));
        command.option("--gpg-homedir", homedir.toString());
    }

    /** {@code GNUPGHOME} for tools that only read the environment. */
    public Map<String, String> environment() {
        return Map.of("GNUPGHOME", homedir.toString());
    }

    /** Stops gpg-agent (and any other GnuPG daemon) of this home and deletes it. Safe to call again. */
    @Override
    public void close() {
        if (agentStopped.compareAndSet(false, true)) {
            try {
                runner.run(gpgconf().arg("--kill").arg("all"), TIMEOUT, OutputSink.DISCARD, null);
            } catch (FlatpakException e) {
                // the daemons are stopped below in any case
            }
            GnupgDaemons.stop(homedir);
        }
        TempDirs.deleteRecursively(homedir);
    }

    @Override
    public String toString() {
        return "GpgHome[" + homedir + ", keyIds=" + keyIds + "]";
    }

    /**
     * Imports the key and checks, from gpg's own listing of what it imported ({@code import-show}), that the secret
     * part of the signing key came in, not just its public part. (Bouncy Castle already unlocked that secret key, so
     * it is no stub; one gpg run instead of an import and a listing.)
     */
    private void importKey(byte[] secretRing, String keyId) {
        ToolResult imported = runner.capture(gpg().arg("--with-colons").option("--import-options", "import-show")
                .arg("--import").stdin(secretRing), TIMEOUT, OutputSink.DISCARD, null);
        for (String line : imported.output()) {
            String[] f = line.split(":", -1);
            if (f.length > 4 && (f[0].equals("sec") || f[0].equals("ssb")) && f[4].equalsIgnoreCase(keyId)) {
                return;
            }
        }
        throw new FlatpakException("gpg did not accept the secret signing key " + keyId + " into " + homedir);
    }

    private Command gpg() {
        return Command.of("gpg", "--batch", "--no-tty", "--no-auto-check-trustdb")
                .option("--homedir", homedir.toString());
    }

    private Command gpgconf() {
        return Command.of("gpgconf").option("--homedir", homedir.toString());
    }

    private static Path createPrivateDir(Path parent) {
        Path base = parent.toAbsolutePath();
        // The owner in the name lets recovery remove a home whose process was killed (Orphans.reapDeadOwners).
        String prefix = Orphans.gpgHomePrefix();
        if (base.toString().length() + 1 + prefix.length() + RANDOM_CHARS + LONGEST_SOCKET.length() > MAX_SOCKET_PATH) {
            base = Paths.get("/tmp");
        }
        for (int attempt = 0; ; attempt++) {
            String random = Long.toString(Long.MAX_VALUE & RANDOM.nextLong(), 36);
            random = random.substring(Math.max(0, random.length() - RANDOM_CHARS));
            Path dir = base.resolve(prefix + random);
            try {
                return Files.createDirectory(dir,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw new FlatpakException("cannot create a private GnuPG home in " + base + ": " + e.getMessage(), e);
                }
            } catch (IOException e) {
                throw new FlatpakException("cannot create a private GnuPG home in " + base + ": " + e.getMessage(), e);
            }
        }
    }
}
