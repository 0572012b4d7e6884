package io.jenkins.plugins.flatpak.jenkins.credentials;

import io.jenkins.plugins.flatpak.engine.InvalidInputException;
import io.jenkins.plugins.flatpak.engine.gpg.SigningKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns credential contents into the engine's {@link SigningKey}. The plain copies made here are
 * overwritten once the key has been parsed; nothing here logs or keeps them.
 */
public final class SigningKeys {
    /** An armored secret key is a few kilobytes; anything this large is not one. */
    static final int MAX_KEY_BYTES = 1024 * 1024;

    private SigningKeys() {}

    /**
     * @param armoredSecretKey the ASCII-armored secret key
     * @param passphraseOrNull the passphrase; null or empty for none
     * @throws InvalidInputException when the key cannot sign (engine message, never the secret)
     */
    public static SigningKey fromArmored(String armoredSecretKey, String passphraseOrNull) {
        if (armoredSecretKey == null || armoredSecretKey.isBlank()) {
            throw new InvalidInputException("the signing key is empty; export it with: gpg --armor --export-secret-keys KEYID");
        }
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(armoredSecretKey));
        byte[] key = new byte[encoded.remaining()];
        encoded.get(key);
        wipe(encoded);
        try {
            return fromBytes(key, passphraseOrNull);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * Reads a secret file's content (at most {@link #MAX_KEY_BYTES}) and parses it.
     *
     * @param what names the source in messages, e.g. {@code secret file 'release-key'}
     */
    public static SigningKey fromStream(InputStream content, String passphraseOrNull, String what) throws IOException {
        byte[] key = readLimited(content, what);
        try {
            return fromBytes(key, passphraseOrNull);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static SigningKey fromBytes(byte[] key, String passphraseOrNull) {
        char[] passphrase = passphraseOrNull == null || passphraseOrNull.isEmpty() ? null : passphraseOrNull.toCharArray();
        try {
            return SigningKey.parse(key, passphrase);
        } finally {
            if (passphrase != null) {
                Arrays.fill(passphrase, '\0');
            }
        }
    }

    private static byte[] readLimited(InputStream in, String what) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (out.size() + n > MAX_KEY_BYTES) {
                    throw new InvalidInputException(what + " is larger than " + MAX_KEY_BYTES / 1024
                            + " KiB, so it is not an ASCII-armored GPG secret key");
                }
                out.write(buffer, 0, n);
            }
        } finally {
            Arrays.fill(buffer, (byte) 0);
        }
        byte[] key = out.toByteArray();
        // ByteArrayOutputStream keeps its own buffer: overwrite it too.
        out.reset();
        out.write(new byte[key.length], 0, key.length);
        return key;
    }

    private static void wipe(ByteBuffer buffer) {
        if (buffer.hasArray()) {
            Arrays.fill(buffer.array(), (byte) 0);
        }
    }
}
