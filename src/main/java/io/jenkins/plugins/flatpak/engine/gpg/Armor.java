package io.jenkins.plugins.flatpak.engine.gpg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.bcpg.ArmoredOutputStream;

/** ASCII armor for OpenPGP data, without a {@code Version:} header (it only identifies the library). */
final class Armor {
    private Armor() {}

    static byte[] encode(byte[] binary) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArmoredOutputStream armored = ArmoredOutputStream.builder().clearHeaders().build(out)) {
            armored.write(binary);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String encodeToString(byte[] binary) {
        return new String(encode(binary), StandardCharsets.US_ASCII);
    }
}
