package io.jenkins.plugins.flatpak.engine.exec;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A tool's output stream cut into lines as {@link java.io.BufferedReader#readLine} cuts them ({@code \n},
 * {@code \r} or {@code \r\n} ends a line), each decoded as UTF-8 and handed on; {@link #close} hands on the
 * unterminated last line.
 */
final class LineSplitter extends OutputStream {
    private final Consumer<String> lines;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean afterCr;

    LineSplitter(Consumer<String> lines) {
        this.lines = lines;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n' && afterCr) {
            afterCr = false;
            return;
        }
        afterCr = b == '\r';
        if (b == '\n' || b == '\r') {
            emit();
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    private void emit() {
        String s = line.toString(StandardCharsets.UTF_8);
        line.reset();
        lines.accept(s);
    }

    @Override
    public synchronized void close() {
        if (line.size() > 0) {
            emit();
        }
    }
}
