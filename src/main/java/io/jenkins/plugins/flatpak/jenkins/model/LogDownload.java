package io.jenkins.plugins.flatpak.jenkins.model;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * A whole log as plain text, streamed from its file to the response in small chunks (as Jenkins serves a console
 * log), never read into memory: exactly the bytes the file had when the request came, however large.
 */
final class LogDownload implements HttpResponse {
    static final int CHUNK = 64 * 1024;

    private final Path file;

    LogDownload(Path file) {
        this.file = file;
    }

    @Override
    public void generateResponse(StaplerRequest2 req, StaplerResponse2 rsp, Object node) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            long size = ch.size();
            rsp.setStatus(HttpServletResponse.SC_OK);
            rsp.setContentType("text/plain;charset=UTF-8");
            rsp.setHeader("X-Content-Type-Options", "nosniff");
            rsp.setContentLengthLong(size);
            copy(ch, size, rsp.getOutputStream());
        } catch (NoSuchFileException e) {
            rsp.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }

    /** Writes the file's first {@code size} bytes (its length when opened) to {@code out}; returns how many. */
    long writeTo(OutputStream out) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            return copy(ch, ch.size(), out);
        }
    }

    private static long copy(SeekableByteChannel ch, long size, OutputStream out) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        long left = size;
        while (left > 0) {
            buf.clear().limit((int) Math.min(CHUNK, left));
            int n = ch.read(buf);
            if (n < 0) {
                break; // truncated meanwhile: the response ends short, as the length said more
            }
            out.write(buf.array(), 0, n);
            left -= n;
        }
        out.flush();
        return size - left;
    }
}
