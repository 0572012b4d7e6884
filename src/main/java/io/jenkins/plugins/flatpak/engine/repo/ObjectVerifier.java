package io.jenkins.plugins.flatpak.engine.repo;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.exec.Cancellation;
import io.jenkins.plugins.flatpak.engine.exec.CancelledException;
import io.jenkins.plugins.flatpak.engine.repo.ObjectStore.CorruptObjectException;
import io.jenkins.plugins.flatpak.engine.repo.ObjectStore.Member;
import io.jenkins.plugins.flatpak.engine.transfer.ObjectNames;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Checks every object a commit reaches in an archive-mode repository against its checksum, without a process:
 * the commit, every dirtree and dirmeta under its root, and every file object, each read once however often the
 * tree names it. Metadata objects are checked as {@link ObjectStore} does (SHA-256 of their bytes). A file object
 * ({@code .filez}) is checked as ostree computes a content checksum (ostree-core.c,
 * {@code _ostree_file_header_new} and {@code _ostree_write_variant_with_size}): SHA-256 over the file header
 * {@code (uuuusa(ayay))} (uid, gid, mode, rdev, symlink target, xattrs) preceded by its big-endian size and four
 * bytes of padding, then the uncompressed content. The archive stores the same header with the content size in
 * front ({@code (tuuuusa(ayay))}), so the checksum header is re-serialized from its members.
 *
 * <p>Parent commits are not followed: a build's commits are what it publishes. The first mismatch ends the walk
 * with a {@link CorruptObjectException} naming the object; a missing object is a {@link FlatpakException}.
 */
final class ObjectVerifier {
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;
    private static final Member UINT32 = new Member(4, 4);
    /** {@code (tuuuusa(ayay))}: size, uid, gid, mode, rdev, symlink target, xattrs. */
    private static final Member[] ARCHIVE_HEADER = {Member.UINT64, UINT32, UINT32, UINT32, UINT32, Member.BYTES,
        Member.BYTES};
    /** {@code (s ay ay)}: a subdirectory's name, dirtree and dirmeta checksums. */
    private static final Member[] DIR_ENTRY_MEMBERS = {Member.BYTES, Member.BYTES, Member.BYTES};
    /** Largest archive header accepted (ostree's OSTREE_MAX_METADATA_SIZE is 10 MiB; headers are tiny). */
    private static final int MAX_HEADER = 1 << 20;

    /** What a verification read. */
    record Report(int objects, long bytes) {}

    private final Path repo;
    private final Cancellation cancel;
    private final Set<String> verified = new HashSet<>();
    private final byte[] buffer = new byte[64 * 1024];
    private final byte[] inflated = new byte[64 * 1024];
    private int objects;
    private long bytes;

    ObjectVerifier(Path repo, Cancellation cancel) {
        this.repo = repo;
        this.cancel = cancel == null ? Cancellation.none() : cancel;
    }

    /** Verifies everything {@code commit} reaches; objects already verified by this verifier are not read again. */
    Report verify(String commit) {
        byte[] commitObject = readVerified(commit, "commit");
        String rootTree = hex(ObjectStore.tupleMember(commitObject, ObjectStore.COMMIT_MEMBERS, 6));
        String rootMeta = hex(ObjectStore.tupleMember(commitObject, ObjectStore.COMMIT_MEMBERS, 7));
        readVerifiedOnce(rootMeta, "dirmeta");
        Deque<String> trees = new ArrayDeque<>();
        trees.push(rootTree);
        while (!trees.isEmpty()) {
            if (cancel.isCancelled()) {
                throw new CancelledException(cancel.reason());
            }
            byte[] dirtree = readVerifiedOnce(trees.pop(), "dirtree");
            if (dirtree == null) {
                continue;
            }
            // (a(say) a(sayay)): files, then subdirectories
            for (byte[] file : ObjectStore.arrayElements(ObjectStore.tupleMember(dirtree, ObjectStore.DIRTREE_MEMBERS, 0), 1)) {
                String checksum = hex(ObjectStore.tupleMember(file, ObjectStore.FILE_ENTRY_MEMBERS, 1));
                if (verified.add(checksum + ".filez")) {
                    verifyContent(checksum);
                }
            }
            for (byte[] dir : ObjectStore.arrayElements(ObjectStore.tupleMember(dirtree, ObjectStore.DIRTREE_MEMBERS, 1), 1)) {
                trees.push(hex(ObjectStore.tupleMember(dir, DIR_ENTRY_MEMBERS, 1)));
                readVerifiedOnce(hex(ObjectStore.tupleMember(dir, DIR_ENTRY_MEMBERS, 2)), "dirmeta");
            }
        }
        return new Report(objects, bytes);
    }

    /** A metadata object checked against its checksum, or null when this verifier already checked it. */
    private byte[] readVerifiedOnce(String checksum, String type) {
        return verified.add(checksum + "." + type) ? readVerified(checksum, type) : null;
    }

    private byte[] readVerified(String checksum, String type) {
        Path file = objectFile(checksum, type);
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw missing(checksum, type);
        } catch (IOException e) {
            throw new FlatpakException("cannot read object " + checksum + "." + type + " of " + repo + ": "
                    + e.getMessage(), e);
        }
        objects++;
        bytes += content.length;
        if (!hex(sha256().digest(content)).equals(checksum)) {
            throw corrupt(checksum, type);
        }
        return content;
    }

    private void verifyContent(String checksum) {
        Path file = objectFile(checksum, "filez");
        MessageDigest digest = sha256();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), buffer.length)) {
            byte[] prefix = readFully(in, 8, checksum);
            int headerSize = ((prefix[0] & 0xff) << 24) | ((prefix[1] & 0xff) << 16) | ((prefix[2] & 0xff) << 8)
                    | (prefix[3] & 0xff);
            if (headerSize < 24 || headerSize > MAX_HEADER) {
                throw corrupt(checksum, "filez");
            }
            byte[] header = readFully(in, headerSize, checksum);
            long size = bigEndian(header, 0, 8);
            long mode = bigEndian(header, 8 + 8, 4);
            byte[] checksumHeader = checksumHeader(header);
            digest.update(new byte[] {(byte) (checksumHeader.length >>> 24), (byte) (checksumHeader.length >>> 16),
                (byte) (checksumHeader.length >>> 8), (byte) checksumHeader.length, 0, 0, 0, 0});
            digest.update(checksumHeader);
            long read = 8L + headerSize;
            if ((mode & S_IFMT) == S_IFREG) {
                read += inflateInto(in, digest, size, checksum);
            } else if ((mode & S_IFMT) != S_IFLNK || size != 0 && in.read() >= 0) {
                // a symlink's target is in its header; anything else is not something ostree stores
                throw corrupt(checksum, "filez");
            }
            objects++;
            bytes += read;
        } catch (NoSuchFileException e) {
            throw missing(checksum, "filez");
        } catch (EOFException | RuntimeException e) {
            // short, malformed or undecodable: not what its checksum names
            throw e instanceof CorruptObjectException ce ? ce : corrupt(checksum, "filez");
        } catch (IOException e) {
            throw new FlatpakException("cannot read object " + checksum + ".filez of " + repo + ": " + e.getMessage(), e);
        }
        if (!hex(digest.digest()).equals(checksum)) {
            throw corrupt(checksum, "filez");
        }
    }

    /** Inflates the raw-deflated content into {@code digest}; it must be exactly {@code size} bytes. Returns bytes read. */
    private long inflateInto(InputStream in, MessageDigest digest, long size, String checksum) throws IOException {
        Inflater inflater = new Inflater(true);
        long out = 0;
        long consumed = 0;
        try {
            while (!inflater.finished()) {
                if (inflater.needsInput()) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    consumed += n;
                    inflater.setInput(buffer, 0, n);
                }
                int n = inflater.inflate(inflated);
                if (n == 0 && inflater.needsDictionary()) {
                    break;
                }
                out += n;
                if (out > size) {
                    break;
                }
                digest.update(inflated, 0, n);
            }
        } catch (DataFormatException e) {
            throw corrupt(checksum, "filez");
        } finally {
            inflater.end();
        }
        if (out != size) {
            throw corrupt(checksum, "filez");
        }
        return consumed;
    }

    /**
     * The header ostree checksums, {@code (uuuusa(ayay))}, from the archive's {@code (tuuuusa(ayay))}: the same four
     * words, symlink target and xattrs, with the framing offset (the end of the target) recomputed for its size.
     */
    static byte[] checksumHeader(byte[] archiveHeader) {
        byte[] words = Arrays.copyOfRange(archiveHeader, 8, 24);
        byte[] target = ObjectStore.tupleMember(archiveHeader, ARCHIVE_HEADER, 5);
        byte[] xattrs = ObjectStore.tupleMember(archiveHeader, ARCHIVE_HEADER, 6);
        int body = words.length + target.length + xattrs.length;
        int width = body + 1 <= 0xff ? 1 : body + 2 <= 0xffff ? 2 : 4;
        byte[] out = new byte[body + width];
        System.arraycopy(words, 0, out, 0, words.length);
        System.arraycopy(target, 0, out, words.length, target.length);
        System.arraycopy(xattrs, 0, out, words.length + target.length, xattrs.length);
        long end = words.length + target.length;
        for (int i = 0; i < width; i++) {
            out[body + i] = (byte) (end >>> (8 * i));
        }
        return out;
    }

    private Path objectFile(String checksum, String type) {
        return repo.resolve(ObjectNames.relativePath(checksum + "." + type));
    }

    private static byte[] readFully(InputStream in, int n, String checksum) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new EOFException(checksum);
        }
        return b;
    }

    private CorruptObjectException corrupt(String checksum, String type) {
        return new CorruptObjectException("object " + checksum + "." + type + " of " + repo
                + " is corrupt: its content does not match its checksum");
    }

    private FlatpakException missing(String checksum, String type) {
        return new FlatpakException("object " + checksum + "." + type + " is not in " + repo);
    }

    private static long bigEndian(byte[] bytes, int at, int width) {
        long v = 0;
        for (int i = 0; i < width; i++) {
            v = (v << 8) | (bytes[at + i] & 0xff);
        }
        return v;
    }

    private static String hex(byte[] checksum) {
        if (checksum.length != 32) {
            throw new FlatpakException("malformed checksum of " + checksum.length + " bytes");
        }
        return HexFormat.of().formatHex(checksum);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
