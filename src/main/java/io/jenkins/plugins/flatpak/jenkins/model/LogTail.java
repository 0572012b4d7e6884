package io.jenkins.plugins.flatpak.jenkins.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The end of a log, as a page shows it: at most a bounded number of bytes read from the end of the file (never the
 * whole file), starting at a line, and how much came before. The whole log is streamed by {@link LogDownload}.
 */
public final class LogTail {
    private final String phase;
    private final String text;
    private final long skippedBytes;
    private final long totalBytes;

    LogTail(String phase, String text, long skippedBytes, long totalBytes) {
        this.phase = phase;
        this.text = text;
        this.skippedBytes = skippedBytes;
        this.totalBytes = totalBytes;
    }

    /**
     * Reads the last {@code maxBytes} (at most) of the file. When the file is longer, the text starts after the
     * first line break of that part (or, in one long line, at the first whole UTF-8 character).
     */
    static LogTail read(String phase, Path file, int maxBytes) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            long size = ch.size();
            int length = (int) Math.min(size, maxBytes);
            ByteBuffer buf = ByteBuffer.allocate(length);
            ch.position(size - length);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // read the tail fully (the file may be appended to meanwhile: what was there when opened)
            }
            byte[] bytes = buf.array();
            int start = 0;
            if (length < size) {
                int nl = indexOf(bytes, buf.position(), (byte) '\n');
                if (nl >= 0 && nl + 1 < buf.position()) {
                    start = nl + 1;
                } else {
                    while (start < buf.position() && (bytes[start] & 0xC0) == 0x80) {
                        start++; // not inside a multi-byte character
                    }
                }
            }
            String text = new String(bytes, start, buf.position() - start, StandardCharsets.UTF_8);
            return new LogTail(phase, text, size - length + start, size);
        }
    }

    private static int indexOf(byte[] bytes, int end, byte b) {
        for (int i = 0; i < end; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** The phase whose log this is ({@code build}, {@code commit}, {@code publish}). */
    public String getPhase() {
        return phase;
    }

    public String getText() {
        return text;
    }

    /** Bytes of the log before the text (0 when the text is the whole log). */
    public long getSkippedBytes() {
        return skippedBytes;
    }

    public long getTotalBytes() {
        return totalBytes;
    }

    public boolean isWhole() {
        return skippedBytes == 0;
    }
}
