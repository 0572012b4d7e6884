package io.jenkins.plugins.flatpak.engine.index;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.util.Arrays;

/** Reads the complete lines of a file from an offset on through one bounded buffer, with their offsets. */
final class IndexFileLines {
    private static final int BUFFER = 1 << 20;

    @FunctionalInterface
    interface Handler {
        /** {@code buf[off, off+len)} is the line without its newline; {@code at} is its offset in the file. */
        void line(byte[] buf, int off, int len, long at) throws IOException;
    }

    @FunctionalInterface
    interface ChunkHandler {
        /** {@code buf[off, end)} is one or more whole lines, each with its newline; {@code at} is buf[off]'s offset. */
        void chunk(byte[] buf, int off, int end, long at) throws IOException;
    }

    private IndexFileLines() {}

    /** {@link #chunks} one line at a time. */
    static long lines(RandomAccessFile file, long from, Handler handler) throws IOException {
        return chunks(file, from, (buf, off, end, at) -> {
            int lineStart = off;
            for (int i = off; i < end; i++) {
                if (buf[i] == '\n') {
                    handler.line(buf, lineStart, i - lineStart, at + (lineStart - off));
                    lineStart = i + 1;
                }
            }
        });
    }

    /**
     * Hands every line that ends in a newline, from {@code from} to the end of the file, to {@code handler} in
     * chunks of whole lines. Returns the offset just after the last such line: bytes after it (a line still being
     * written, or cut short by a crash) are left for a later read.
     */
    static long chunks(RandomAccessFile file, long from, ChunkHandler handler) throws IOException {
        byte[] buf = new byte[BUFFER];
        long bufAt = from; // file offset of buf[0]
        int filled = 0;
        file.seek(from);
        while (true) {
            if (filled == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2); // one line longer than the buffer
            }
            int scanned = filled; // buf[0, filled) holds no newline
            int read = file.read(buf, filled, buf.length - filled);
            if (read < 0) {
                return bufAt;
            }
            filled += read;
            int lastNewline = -1;
            for (int i = filled - 1; i >= scanned; i--) {
                if (buf[i] == '\n') {
                    lastNewline = i;
                    break;
                }
            }
            if (lastNewline >= 0) {
                handler.chunk(buf, 0, lastNewline + 1, bufAt);
                filled -= lastNewline + 1;
                System.arraycopy(buf, lastNewline + 1, buf, 0, filled);
                bufAt += lastNewline + 1;
            }
        }
    }
}
