package io.jenkins.plugins.flatpak.engine.repo;

import io.jenkins.plugins.flatpak.engine.FlatpakException;
import io.jenkins.plugins.flatpak.engine.transfer.ObjectNames;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads a file of a commit straight from an archive-mode repository's object store, for callers that would
 * otherwise start {@code ostree cat} (a process, 30-90 ms here) for a few hundred bytes. It follows what ostree
 * stores (ostree-core.h): the commit object {@code (a{sv}aya(say)sstayay)}, whose second-last member is the root
 * dirtree's checksum; the dirtree object {@code (a(say)a(sayay))}, whose first member lists the files by name and
 * content checksum; and the content object {@code .filez}: a big-endian header size, 4 bytes of padding, the
 * header {@code (tuuuusa(ayay))} (size, uid, gid, mode, rdev big-endian) and the raw-deflated content. Commit and
 * dirtree objects are checked against their checksums (ostree cat checks neither): a mismatch is a
 * {@link CorruptObjectException}; any other surprise is a {@link FlatpakException}, and the caller can fall back to
 * the tool.
 *
 * <p>Values are in GVariant's serialization format (normal form, little-endian framing offsets): a container's
 * variable-size members are located by framing offsets at its end, whose width (1, 2, 4 or 8 bytes) follows from
 * the container's size.
 */
final class ObjectStore {
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    /** Largest file read this way; metadata files are a few hundred bytes. */
    private static final long MAX_CONTENT = 1 << 20;

    private final Path repo;

    ObjectStore(Path repo) {
        this.repo = repo;
    }

    /** The content of regular file {@code name} in the root directory of {@code commit}. */
    byte[] readRootFile(String commit, String name) {
        byte[] commitObject = readVerified(commit, "commit");
        // (a{sv} ay a(say) s s t ay ay): the root dirtree checksum is member 6
        byte[] rootTree = tupleMember(commitObject, COMMIT_MEMBERS, 6);
        byte[] dirtree = readVerified(hex(rootTree), "dirtree");
        // (a(say) a(sayay)): member 0 lists the files
        byte[] files = tupleMember(dirtree, DIRTREE_MEMBERS, 0);
        for (byte[] entry : arrayElements(files, 1)) {
            // (s ay): name, content checksum
            byte[] nameBytes = tupleMember(entry, FILE_ENTRY_MEMBERS, 0);
            if (string(nameBytes).equals(name)) {
                return readContent(hex(tupleMember(entry, FILE_ENTRY_MEMBERS, 1)));
            }
        }
        throw new FlatpakException("commit " + commit + " has no file /" + name);
    }

    private byte[] readContent(String checksum) {
        byte[] object = read(checksum, "filez");
        if (object.length < 8) {
            throw corrupt(checksum, "filez");
        }
        long headerSize = ((object[0] & 0xffL) << 24) | ((object[1] & 0xff) << 16) | ((object[2] & 0xff) << 8)
                | (object[3] & 0xff);
        if (headerSize < 24 || 8 + headerSize > object.length) {
            throw corrupt(checksum, "filez");
        }
        long size = bigEndian(object, 8, 8);
        long mode = bigEndian(object, 8 + 16, 4);
        if ((mode & S_IFMT) != S_IFREG) {
            throw new FlatpakException("object " + checksum + " is not a regular file");
        }
        if (size < 0 || size > MAX_CONTENT) {
            throw new FlatpakException("object " + checksum + " is too large to read here (" + size + " bytes)");
        }
        Inflater inflater = new Inflater(true);
        try {
            int start = (int) (8 + headerSize);
            inflater.setInput(object, start, object.length - start);
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) size);
            byte[] buf = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                out.write(buf, 0, n);
                if (out.size() > size) {
                    break;
                }
            }
            byte[] content = out.toByteArray();
            if (content.length != size) {
                throw corrupt(checksum, "filez");
            }
            return content;
        } catch (DataFormatException e) {
            throw corrupt(checksum, "filez");
        } finally {
            inflater.end();
        }
    }

    /** A metadata object (commit, dirtree, dirmeta), checked against its checksum. */
    private byte[] readVerified(String checksum, String type) {
        byte[] bytes = read(checksum, type);
        if (!hex(sha256(bytes)).equals(checksum)) {
            throw corrupt(checksum, type);
        }
        return bytes;
    }

    private byte[] read(String checksum, String type) {
        Path file = repo.resolve(ObjectNames.relativePath(checksum + "." + type));
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new FlatpakException("object " + checksum + "." + type + " is not in " + repo);
        } catch (IOException e) {
            throw new FlatpakException("cannot read object " + checksum + "." + type + " of " + repo + ": "
                    + e.getMessage(), e);
        }
    }

    private CorruptObjectException corrupt(String checksum, String type) {
        return new CorruptObjectException("object " + checksum + "." + type + " of " + repo + " is corrupt");
    }

    /** An object whose bytes do not match its checksum, or do not decompress into its recorded size. */
    static final class CorruptObjectException extends FlatpakException {
        private static final long serialVersionUID = 1L;

        CorruptObjectException(String message) {
            super(message);
        }
    }

    // --- GVariant serialization --------------------------------------------------------------------------------

    /** A tuple member's type: its alignment and its fixed size, or -1 when its size varies. */
    record Member(int alignment, int fixedSize) {
        static final Member BYTES = new Member(1, -1); // ay, s, a(say), a(sayay)
        static final Member DICT = new Member(8, -1); // a{sv}
        static final Member UINT64 = new Member(8, 8); // t
    }

    static final Member[] COMMIT_MEMBERS = {Member.DICT, Member.BYTES, Member.BYTES, Member.BYTES, Member.BYTES,
        Member.UINT64, Member.BYTES, Member.BYTES};
    static final Member[] DIRTREE_MEMBERS = {Member.BYTES, Member.BYTES};
    static final Member[] FILE_ENTRY_MEMBERS = {Member.BYTES, Member.BYTES};

    /** Member {@code index} of a serialized tuple whose members are {@code members}. */
    static byte[] tupleMember(byte[] tuple, Member[] members, int index) {
        int size = tuple.length;
        int width = offsetWidth(size);
        int framed = 0;
        for (int i = 0; i < members.length - 1; i++) {
            if (members[i].fixedSize() < 0) {
                framed++;
            }
        }
        long bodyEnd = size - (long) framed * width;
        if (bodyEnd < 0) {
            throw new FlatpakException("malformed serialized tuple");
        }
        long pos = 0;
        int frame = 0;
        for (int i = 0; i <= index; i++) {
            Member m = members[i];
            long start = align(pos, m.alignment());
            long end;
            if (m.fixedSize() >= 0) {
                end = start + m.fixedSize();
            } else if (i == members.length - 1) {
                end = bodyEnd;
            } else {
                end = readOffset(tuple, size - (long) (frame + 1) * width, width);
                frame++;
            }
            if (start > end || end > bodyEnd) {
                throw new FlatpakException("malformed serialized tuple");
            }
            if (i == index) {
                return java.util.Arrays.copyOfRange(tuple, (int) start, (int) end);
            }
            pos = end;
        }
        throw new IllegalArgumentException("no member " + index);
    }

    /** The elements of a serialized array of variable-size elements with the given alignment. */
    static java.util.List<byte[]> arrayElements(byte[] array, int alignment) {
        java.util.List<byte[]> out = new java.util.ArrayList<>();
        int size = array.length;
        if (size == 0) {
            return out;
        }
        int width = offsetWidth(size);
        long tableStart = readOffset(array, size - width, width);
        if (tableStart > size || (size - tableStart) % width != 0) {
            throw new FlatpakException("malformed serialized array");
        }
        long count = (size - tableStart) / width;
        long pos = 0;
        for (long i = 0; i < count; i++) {
            long start = align(pos, alignment);
            long end = readOffset(array, tableStart + i * width, width);
            if (start > end || end > tableStart) {
                throw new FlatpakException("malformed serialized array");
            }
            out.add(java.util.Arrays.copyOfRange(array, (int) start, (int) end));
            pos = end;
        }
        return out;
    }

    /** A serialized string: its bytes up to the terminating NUL, as UTF-8. */
    static String string(byte[] serialized) {
        if (serialized.length == 0 || serialized[serialized.length - 1] != 0) {
            throw new FlatpakException("malformed serialized string");
        }
        return new String(serialized, 0, serialized.length - 1, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The width of the framing offsets of a container of {@code size} bytes (GVariant's rule). */
    static int offsetWidth(long size) {
        if (size > 0xffffffffL) {
            return 8;
        } else if (size > 0xffff) {
            return 4;
        } else if (size > 0xff) {
            return 2;
        } else {
            return size > 0 ? 1 : 0;
        }
    }

    private static long readOffset(byte[] bytes, long at, int width) {
        if (at < 0 || at + width > bytes.length) {
            throw new FlatpakException("malformed serialized container");
        }
        long v = 0;
        for (int i = width - 1; i >= 0; i--) {
            v = (v << 8) | (bytes[(int) at + i] & 0xff);
        }
        return v;
    }

    private static long bigEndian(byte[] bytes, int at, int width) {
        long v = 0;
        for (int i = 0; i < width; i++) {
            v = (v << 8) | (bytes[at + i] & 0xff);
        }
        return v;
    }

    private static long align(long pos, int alignment) {
        return (pos + alignment - 1) & -alignment;
    }

    private static String hex(byte[] checksum) {
        if (checksum.length != 32) {
            throw new FlatpakException("malformed checksum of " + checksum.length + " bytes");
        }
        return HexFormat.of().formatHex(checksum);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
