package io.jenkins.plugins.flatpak.engine.publish;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;

/**
 * What the processes publishing into one repository tell each other, in {@code .<repo>.publish/} beside
 * the repository (next to its writer lock):
 * <ul>
 *   <li>{@code state}: {@code requested}, the number of summary updates asked for after imports, and
 *       {@code updated}, the highest request number a finished update covered. Both change only under the
 *       repository's writer lock; the file is replaced atomically, so it can be read without the lock.</li>
 *   <li>{@code intents/}: one file per process that is about to import commits (named after its pid and
 *       host, holding its signer). A process that finds another one's intent after its own import can leave
 *       the summary update to it: that process will update after its import, covering both.</li>
 * </ul>
 */
final class PublishState {
    /** An intent of another host cannot be checked for a live process: it counts for this long. */
    static final Duration FOREIGN_INTENT_LIFETIME = Duration.ofMinutes(10);
    private static final String HOST = host();
    private static final long PID = ProcessHandle.current().pid();

    private final Path dir;
    private final Path stateFile;
    private final Path intents;

    PublishState(Path repo) {
        this.dir = repo.resolveSibling("." + repo.getFileName() + ".publish");
        this.stateFile = dir.resolve("state");
        this.intents = dir.resolve("intents");
    }

    /** This process's announcement that it will import commits signed by {@code signer}; close it after the import. */
    final class Intent implements AutoCloseable {
        private final Path file;

        private Intent(Path file) {
            this.file = file;
        }

        @Override
        public void close() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a left-over intent of a live process only makes others wait HANDOFF_WAIT at most
            }
        }
    }

    Intent intend(String signer) {
        return intend(signer, PID);
    }

    /** An intent in the name of process {@code pid} of this host (tests play another process with it). */
    Intent intend(String signer, long pid) {
        try {
            Files.createDirectories(intents);
            Path file = intents.resolve(pid + "@" + HOST + "-" + UUID.randomUUID());
            Files.writeString(file, signer, StandardCharsets.UTF_8);
            return new Intent(file);
        } catch (IOException e) {
            throw new FlatpakException("cannot write to " + intents + ": " + e.getMessage(), e);
        }
    }

    /** Whether another live process intends to import commits signed by {@code signer}. */
    boolean othersIntend(String signer) {
        if (!Files.isDirectory(intents)) {
            return false;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(intents)) {
            for (Path f : files) {
                if (isLive(f) && signer.equals(readQuietly(f))) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** Under the writer lock: one more summary update is wanted. Returns its request number. */
    long addRequest() {
        Properties p = read();
        long requested = number(p, "requested") + 1;
        p.setProperty("requested", Long.toString(requested));
        write(p);
        return requested;
    }

    /** The highest request number asked for so far. */
    long requested() {
        return number(read(), "requested");
    }

    /** Under the writer lock, after a summary update that started when {@code requested} was current. */
    void markUpdated(long requested) {
        Properties p = read();
        if (number(p, "updated") < requested) {
            p.setProperty("updated", Long.toString(requested));
            write(p);
        }
    }

    /** Whether a finished update covered request {@code request}. Needs no lock. */
    boolean covered(long request) {
        return number(read(), "updated") >= request;
    }

    private boolean isLive(Path intent) {
        String name = intent.getFileName().toString();
        int at = name.indexOf('@');
        int hostEnd = name.length() - 37; // "-" and a UUID end the name
        if (at > 0 && hostEnd > at && name.substring(at + 1, hostEnd).equals(HOST)) {
            try {
                long pid = Long.parseLong(name.substring(0, at));
                if (pid == PID) {
                    return false; // this process's own queue, which is the one asking
                }
                boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                if (!alive) {
                    Files.deleteIfExists(intent);
                }
                return alive;
            } catch (NumberFormatException | IOException e) {
                return false;
            }
        }
        try {
            FileTime modified = Files.getLastModifiedTime(intent);
            return modified.toInstant().isAfter(Instant.now().minus(FOREIGN_INTENT_LIFETIME));
        } catch (IOException e) {
            return false;
        }
    }

    private static String readQuietly(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private Properties read() {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(stateFile)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            // nothing published yet
        } catch (IOException | IllegalArgumentException e) {
            // a damaged state file only costs an extra summary update
        }
        return p;
    }

    private void write(Properties p) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "state", ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "summary update requests of " + dir.getFileName());
            }
            Files.move(tmp, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new FlatpakException("cannot write " + stateFile + ": " + e.getMessage(), e);
        }
    }

    private static long number(Properties p, String name) {
        try {
            return Long.parseLong(p.getProperty(name, "0").trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName().replace('/', '_');
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }
}
