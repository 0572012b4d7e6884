package io.jenkins.plugins.flatpak.engine.repo;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files a web server serves to clients (a repository's {@code .flatpakrepo}, {@code .gpg}, its config and refs): they
 * get the mode any new file of this process gets, {@code 0666} less the umask — {@code 0644} with the usual umask
 * {@code 0022}, {@code 0640} with {@code 0027} — where a temporary file would be {@code 0600} and a web server running
 * as another user could not read it. Secrets never go through here: GnuPG homes stay {@code 0700}.
 */
public final class PublicFiles {
    private static volatile Integer umask;

    private PublicFiles() {}

    /** The umask of this process: {@code Umask:} of {@code /proc/self/status}, else found with a probe file. */
    public static int umask() {
        Integer u = umask;
        if (u == null) {
            u = readUmask();
            umask = u;
        }
        return u;
    }

    /** {@code 0666 & ~umask}. */
    public static Set<PosixFilePermission> fileMode() {
        return permissions(0666 & ~umask());
    }

    /** Writes {@code content} to {@code file} atomically (a temporary file beside it, synced, then renamed over it). */
    public static void write(Path file, byte[] content) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(content);
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
                ch.force(true);
            }
            Files.setPosixFilePermissions(tmp, fileMode());
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (IOException e) {
            throw new FlatpakException("cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a stray hidden temporary file; the next write replaces the real one again
                }
            }
        }
    }

    private static final PosixFilePermission[] BITS = {PosixFilePermission.OTHERS_EXECUTE,
        PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE,
        PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < BITS.length; i++) {
            if ((mode & (1 << i)) != 0) {
                out.add(BITS[i]);
            }
        }
        return out;
    }

    /** The mode bits of a permission set, e.g. {@code 0644}. */
    public static int mode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (int i = 0; i < BITS.length; i++) {
            if (permissions.contains(BITS[i])) {
                mode |= 1 << i;
            }
        }
        return mode;
    }

    private static int readUmask() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("Umask:")) {
                    return Integer.parseInt(line.substring("Umask:".length()).trim(), 8);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no procfs (or a kernel before 4.7): ask the filesystem below
        }
        try {
            Path probe = Files.createTempDirectory("flatpak-umask-");
            try {
                Path file = Files.createFile(probe.resolve("probe"));
                int mode = mode(Files.getPosixFilePermissions(file));
                Files.delete(file);
                return 0666 & ~mode;
            } finally {
                Files.deleteIfExists(probe);
            }
        } catch (IOException e) {
            return 022;
        }
    }
}
